// The virtual modules vite.config.ts builds from results/ (see findings-record.ts, recorded-runs.ts).
declare module 'virtual:findings-record' {
  const record: import('./findings-record').FindingsRecord | null;
  export default record;
}

declare module 'virtual:recorded-runs' {
  const runs: import('../experiments/findings/recorded').RecordedRuns | null;
  export default runs;
}
