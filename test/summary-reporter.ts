// Ends every test run with one plain line, "N passed, N failed, N skipped", so CI and
// people read the outcome the same way.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      // A file that failed to load counts as a failure even though it holds no tests.
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else skipped++;
      }
    }
    failed += unhandledErrors.length;
    // Printed after vitest's own summary.
    setTimeout(() => process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`), 0);
  }
}
