// The story beside the charts covers what the issue asks for; the recorded findings summary
// reads results/findings.json (with or without the engine commit) into what the cards show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STORY } from '../../src/ui/story';
import { commitText, dateText, staleArms, summarizeFindings } from '../../src/ui/findings-record';
import { FINDINGS } from '../../src/experiments/findings';

describe('story', () => {
  it('explains the policy, RLVR, FN/FP, pass@1 vs pass@k, compression, entropy and KL in short paragraphs', () => {
    const all = STORY.flatMap((s) => [s.title, ...s.text]).join(' ');
    for (const needle of ['27,000 parameters', 'verifiable rewards', 'false negative', 'false positive', 'pass@1', 'pass@k', 'Compression ratio', 'entropy', 'KL']) {
      expect(all).toContain(needle);
    }
    for (const s of STORY) for (const t of s.text) expect(t.length).toBeLessThan(400);
    expect(new Set(STORY.map((s) => s.id)).size).toBe(STORY.length);
  });
});

const KEY = (seed: number, steps = 80) => JSON.stringify({ seed, steps, evalProblems: 64, evalSamples: 8 });

function file(extra: Record<string, unknown> = {}) {
  return {
    generated: '2026-11-24T01:02:52.713Z', command: 'npm run findings', seeds: [1, 2], budget: { steps: 80 },
    machine: { cores: 2, workers: 2, wallSeconds: 907.8 },
    findings: [{
      id: 'a', number: 3, title: 'T', guide: 'g', expectation: 'e',
      arms: [{ id: 'x', label: 'X', settings: {}, runs: [KEY(1), KEY(2)] }, { id: 'y', label: 'Y', settings: {}, runs: [KEY(1, 100), KEY(2, 100)] }],
      assessment: { sentence: 'pass@1 rose.', holds: true, metrics: {} },
    }],
    runs: [
      { key: KEY(1), settings: { seed: 1, steps: 80, evalProblems: 64, evalSamples: 8 }, summary: {} },
      { key: KEY(2), settings: { seed: 2, steps: 80, evalProblems: 64, evalSamples: 8 }, summary: null, error: 'boom' },
    ],
    ...extra,
  };
}

describe('recorded findings', () => {
  it('summarises each finding: sentence, holds, budget, runs and failures; no commit recorded', () => {
    const r = summarizeFindings(file())!;
    expect(r.findings).toEqual([{ id: 'a', number: 3, sentence: 'pass@1 rose.', holds: true, steps: 80, evalProblems: 64, evalSamples: 8, arms: ['x', 'y'], runs: 4, failed: 1 }]);
    expect(staleArms(r.findings[0], ['x', 'y'])).toBe(false);
    expect(staleArms(r.findings[0], ['x', 'y', 'z'])).toBe(true);
    expect(r.seeds).toEqual([1, 2]);
    expect(commitText(r)).toBe('commit not recorded');
    expect(dateText(r)).toBe('2026-11-24');
  });

  it('reads the engine commit and uncommitted changes', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    expect(commitText(summarizeFindings(file({ engine: { commit: sha, uncommittedChanges: false } }))!)).toBe('commit 0123456');
    expect(commitText(summarizeFindings(file({ engine: { commit: sha, uncommittedChanges: true } }))!)).toBe('commit 0123456 with uncommitted changes in src/engine');
  });

  it('refuses what is not a findings file', () => {
    expect(summarizeFindings(null)).toBeNull();
    expect(summarizeFindings({ findings: 3 })).toBeNull();
    expect(dateText({ generated: '' })).toBe('date not recorded');
  });

  it('the shipped results/findings.json has a sentence for every finding it lists, and the summary is small', () => {
    const raw = readFileSync(new URL('../../results/findings.json', import.meta.url), 'utf8');
    const r = summarizeFindings(JSON.parse(raw))!;
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(FINDINGS.some((x) => x.id === f.id)).toBe(true);
      expect(f.sentence.length).toBeGreaterThan(10);
      expect(f.steps).toBeGreaterThan(0);
    }
    expect(JSON.stringify(r).length).toBeLessThan(raw.length / 10);
  });
});
