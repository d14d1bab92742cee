// What the browser tests reach into, and only with `?testHooks=1` in the page's address
// (main.tsx installs it then and never otherwise): the store's state, and a way to kill a
// seed worker of a running arm the way the browser may kill one (out of memory), which
// nothing on the page can otherwise do (the seed workers belong to the trainer workers).
import { useStore } from './store';
import type { WorkerRunner } from './worker-client';

export interface TestHooks {
  /** The store's state now (read only: the tests look, they do not steer). */
  state(): ReturnType<typeof useStore.getState>;
  /** Kill a seed worker of arm `arm` (1-based) of the running comparison; the seeds it held ([] if it has none). */
  killSeedWorker(arm: number): Promise<number[]>;
}

export function installTestHooks(runner: WorkerRunner): void {
  const hooks: TestHooks = {
    state: () => useStore.getState(),
    async killSeedWorker(arm) {
      const slot = useStore.getState().queue?.slots[arm - 1];
      if (!slot || slot.state !== 'running' || slot.runId === null) return [];
      return runner.testKillSeedWorker(slot.runId);
    },
  };
  (globalThis as unknown as { __testHooks?: TestHooks }).__testHooks = hooks;
}
