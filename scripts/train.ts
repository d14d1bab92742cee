// npm run train -- --task add --fn 0.2 --k 8 --steps 300 --seed 1 --out runs/x.json
// The same engine as the browser, headless, with a progress bar; writes JSON and CSV.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCliArgs, settingsHelp } from '../src/experiments/cli-args';
import { recordsToCsv } from '../src/experiments/records-csv';
import { summarizeRun, summarizeSeeds, type SummaryField } from '../src/experiments/summary';
import { fixed, meanSeText, plateauText, unverifiedText } from '../src/experiments/format';
import { aggregateUnverified } from '../src/experiments/unverified-summary';
import type { EvalRecord } from '../src/engine/types';
import { nodeTrainer, runToEnd } from './lib/run';
import { runMain } from './lib/main';

runMain(async () => {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`Usage: npm run train -- [flags] [--out runs/name.json]\n${settingsHelp()}`);
    process.exit(0);
  }
  const { settings, extra } = parseCliArgs(argv, ['out']);
  const out = extra.out ?? `runs/${settings.task}-fn${settings.fnRate}-fp${settings.fpRate}-k${settings.rolloutsPerPrompt}-s${settings.seed}.json`;

  const trainer = await nodeTrainer(settings);
  console.error(`backend: ${trainer.info.backend} (${trainer.info.backendReason}); policy ${trainer.info.model} ${trainer.info.parameters} parameters`);
  for (const note of trainer.info.notes) console.error(`note: ${note}`);
  const t0 = Date.now();
  const tty = process.stderr.isTTY;
  let lastEval: EvalRecord | null = null;
  const bar = (done: number) => {
    const frac = done / settings.steps;
    const width = 30;
    const fill = Math.round(frac * width);
    const secs = (Date.now() - t0) / 1000;
    const eta = done > 0 ? (secs / done) * (settings.steps - done) : 0;
    const ev = lastEval ? ` pass@1 ${lastEval.test.passAtK[0].toFixed(3)} pass@${lastEval.k} ${lastEval.test.passAtK[lastEval.k - 1].toFixed(3)}` : '';
    const line = `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${done}/${settings.steps} ${(done / Math.max(secs, 1e-3)).toFixed(2)} steps/s eta ${eta.toFixed(0)}s${ev}`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
  const records = await runToEnd(trainer, (recs, t) => {
    for (const r of recs) if (r.type === 'eval') { lastEval = r; if (!tty) bar(t.stepsDone); }
    if (tty) bar(t.stepsDone);
  });
  if (tty) process.stderr.write('\n');
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, JSON.stringify({ settings, info: trainer.info, records }, null, 1));
  const csv = out.replace(/\.json$/i, '') + '.csv';
  await writeFile(csv, recordsToCsv(records));
  const evals = records.filter((r): r is EvalRecord => r.type === 'eval');
  const first = evals[0];
  const last = evals[evals.length - 1];
  const styles = (e: EvalRecord['test']) => (e.styleShares ? Object.entries(e.styleShares).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ') : '');
  if (first.test.tracePassAtK && last.test.tracePassAtK && settings.seeds === 1) {
    console.log(`trace pass@1 (answer and every step): held-out ${first.test.tracePassAtK[0].toFixed(3)} -> ${last.test.tracePassAtK[0].toFixed(3)}, OOD ${first.ood.tracePassAtK![0].toFixed(3)} -> ${last.ood.tracePassAtK![0].toFixed(3)}`);
    console.log(`styles (held-out samples): base ${styles(first.test)}; end ${styles(last.test)}`);
  } else if (first.test.tracePassAtK && last.test.tracePassAtK) {
    console.log(`trace pass@1 (mean over seeds): held-out ${first.test.tracePassAtK[0].toFixed(3)} -> ${last.test.tracePassAtK[0].toFixed(3)}, OOD ${first.ood.tracePassAtK![0].toFixed(3)} -> ${last.ood.tracePassAtK![0].toFixed(3)}; styles at the end: ${styles(last.test)}`);
  }
  // Each seed summarised on its own (used below for the seed means, the unverified lines and the plateau).
  const seedSummary = summarizeSeeds(records, trainer.info);
  if (settings.seeds === 1) {
    console.log(`held-out pass@1 ${first.test.passAtK[0].toFixed(3)} -> ${last.test.passAtK[0].toFixed(3)}, pass@${last.k} ${first.test.passAtK[last.k - 1].toFixed(3)} -> ${last.test.passAtK[last.k - 1].toFixed(3)}, compression ${last.compressionRatio?.toFixed(2) ?? 'n/a'}, OOD pass@1 ${first.ood.passAtK[0].toFixed(3)} -> ${last.ood.passAtK[0].toFixed(3)}`);
  } else {
    // Each seed summarised on its own, then mean ± one standard error over the seeds.
    const { stats, perSeed } = seedSummary;
    const n = perSeed.length;
    const m = (f: SummaryField, d = 3) => fixed(stats[f].mean, d);
    const pm = (f: SummaryField, d = 3) => `${meanSeText(stats[f], d)}${stats[f].n < n ? ` (${stats[f].n} of ${n} seeds)` : ''}`;
    const k = perSeed[0].readoutK;
    console.log(`mean ± standard error over ${n} seeds (${trainer.info.seeds.join(', ')}):`);
    console.log(`  held-out pass@1 ${m('basePass1')} -> ${pm('finalPass1')} (${n} seeds)`);
    console.log(`  held-out pass@${k} ${m('basePassK')} -> ${pm('finalPassK')}`);
    console.log(`  compression ${pm('compressionRatio', 2)}, capability gain (pass@${k}) ${pm('capabilityGain')}`);
    console.log(`  OOD pass@1 ${m('baseOodPass1')} -> ${pm('finalOodPass1')}`);
    console.log(`  entropy ${m('baseEntropy')} -> ${pm('finalEntropy')}, KL to base ${pm('finalKl', 4)}`);
  }
  // family mix: one line per task the verifier never checks (with several seeds, each seed
  // summarised on its own, then mean ± standard error over the seeds).
  const unverified = aggregateUnverified(seedSummary.perSeed.map((p) => p.unverified));
  for (const [task, st] of Object.entries(unverified ?? {})) console.log(unverifiedText(task, st.basePass1, st.finalPass1));
  // Where the run ended: the mean of its last evaluations (the plateau rule's window), with
  // several seeds mean ± standard error over the seeds; the step; and why it stopped there.
  const plateau = settings.seeds === 1
    ? { mean: summarizeRun(records, trainer.info).plateauPass1 ?? null, se: null }
    : seedSummary.stats.plateauPass1;
  console.log(plateauText(plateau, last.step, trainer.stopReason));
  console.log(`wrote ${out} and ${csv} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  trainer.dispose();
});
