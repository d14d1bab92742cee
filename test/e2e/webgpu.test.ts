// WebGPU computes what WASM computes. On the same fixed rollouts (seeded token ids, fixed
// advantages and old log-probs, the add/mid base model) the GRPO loss and every parameter
// gradient agree to 1e-4, and after 20 clipped Adam updates on those rollouts every weight
// agrees to 1e-3, both as norm-wise relative errors ||webgpu - wasm||_2 / ||wasm||_2 per
// tensor (tensor-compare.ts, whose unit test shows it catches a perturbed tensor).
//
// Where WebGPU comes from: headless Chromium with --enable-unsafe-webgpu (and without
// --disable-gpu) gives SwiftShader's software adapter. Chosen over Node with the `webgpu`
// npm package on Mesa's lavapipe because Chromium is already what CI installs and drives for
// every other browser test (no new dependency, no native build, no Vulkan driver), and it is
// the WebGPU implementation the product actually runs on. SwiftShader is about 45x slower
// than WASM, so the sizes are the tiny model and 8 rollouts.
import { expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, describeInBrowser, suiteSession, watchErrors } from './harness';
import { disagreements, worstErr } from './tensor-compare';
import type { GradcheckResult } from './fixtures/gradcheck';

const GRAD_TOL = 1e-4;
const WEIGHT_TOL = 1e-3;

describeInBrowser('WebGPU agrees with WASM', () => {
  const s = suiteSession('webgpu', 'test-results/e2e-dist-webgpu', {}, {
    webgpu: true,
    build: { build: { rollupOptions: { input: { gradcheck: resolve(ROOT, 'test/e2e/fixtures/gradcheck.html') } } } },
    timeout: 600_000,
  });

  async function run(backend: string): Promise<{ r: GradcheckResult; errors: string[] }> {
    const page: Page = await s.context.newPage();
    const errors = watchErrors(page);
    // WebGPU validation failures (an invalid pipeline, too many storage buffers) are console
    // warnings, and the op's output is then garbage: they count as errors here.
    page.on('console', (m) => { if (m.type() === 'warning' && /invalid|exceeds|validat/i.test(m.text())) errors.push(`warning: ${m.text().slice(0, 300)}`); });
    try {
      await page.goto(`${s.site.url}test/e2e/fixtures/gradcheck.html`);
      await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 30_000 });
      const r = await page.evaluate((b) => (window as unknown as { gradcheck(b: string): Promise<GradcheckResult> }).gradcheck(b), backend);
      return { r, errors };
    } finally {
      await page.close();
    }
  }

  it('loss, every gradient and every weight after 20 Adam updates agree', async () => {
    const wasm = await run('wasm');
    const gpu = await run('webgpu');
    for (const x of [wasm, gpu]) expect(x.errors).toEqual([]);
    expect(wasm.r.backend).toBe('wasm');
    expect(gpu.r.backend).toBe('webgpu');
    console.log(`[e2e webgpu] ${gpu.r.reason}; wasm ${(wasm.r.ms / 1000).toFixed(1)} s, webgpu ${(gpu.r.ms / 1000).toFixed(1)} s`);

    const names = Object.keys(wasm.r.grads);
    expect(names.length).toBeGreaterThan(10);
    expect(Object.keys(gpu.r.grads).sort()).toEqual([...names].sort());
    // The rollouts give a real signal: the loss is not zero and training moves the weights.
    expect(Math.abs(wasm.r.loss[0])).toBeGreaterThan(1e-3);
    expect(wasm.r.losses[0]).not.toBeCloseTo(wasm.r.losses[19], 3);

    const lossErr = Math.abs(gpu.r.loss[0] - wasm.r.loss[0]) / Math.abs(wasm.r.loss[0]);
    const g = worstErr(gpu.r.grads, wasm.r.grads);
    const w = worstErr(gpu.r.weights, wasm.r.weights);
    console.log(`[e2e webgpu] loss ${wasm.r.loss[0]} vs ${gpu.r.loss[0]} (rel ${lossErr.toExponential(2)}); worst gradient ${g.name} ${g.err.toExponential(2)}; worst weight after 20 updates ${w.name} ${w.err.toExponential(2)}`);
    expect(lossErr).toBeLessThanOrEqual(GRAD_TOL);
    // The global gradient norm the trainer clips with (it was garbage on WebGPU with tf.addN).
    expect(Math.abs(gpu.r.gradNorm[0] - wasm.r.gradNorm[0]) / wasm.r.gradNorm[0]).toBeLessThanOrEqual(GRAD_TOL);
    expect(disagreements(gpu.r.grads, wasm.r.grads, GRAD_TOL)).toEqual([]);
    expect(disagreements(gpu.r.weights, wasm.r.weights, WEIGHT_TOL)).toEqual([]);
    // Nothing leaked on either backend.
    for (const x of [wasm, gpu]) expect(x.r.numTensorsAfter).toBe(x.r.numTensorsBefore);
  });
});
