#!/usr/bin/env node
// The flowverify CLI. Build first (`npm run build -w @flowverify/api`); see `flowverify --help`.
const { runCli } = require('../dist/cli/main.js');

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`flowverify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
