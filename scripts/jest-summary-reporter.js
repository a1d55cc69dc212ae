// Jest reporter that records this workspace's totals under <repo>/.jest-results/, so that
// `node scripts/test-summary.mjs` can print the one plain line CI reads: "N passed, N failed".
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '.jest-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = path.relative(path.join(__dirname, '..'), this.rootDir).replace(/[\\/]/g, '_') || 'root';
    const suffix = process.env.FLOWVERIFY_TEST_LABEL ? `.${process.env.FLOWVERIFY_TEST_LABEL}` : '';
    const failedSuites = results.numFailedTestSuites + (results.numRuntimeErrorTestSuites || 0);
    fs.writeFileSync(
      path.join(dir, `${name}${suffix}.json`),
      JSON.stringify({
        passed: results.numPassedTests,
        failed:
          results.numFailedTests + (results.numFailedTests === 0 && failedSuites > 0 ? failedSuites : 0),
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = SummaryReporter;
