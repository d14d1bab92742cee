// The virtual module vite.config.ts builds from results/findings.json (see findings-record.ts).
declare module 'virtual:findings-record' {
  const record: import('./findings-record').FindingsRecord | null;
  export default record;
}
