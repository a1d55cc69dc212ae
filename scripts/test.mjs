#!/usr/bin/env node
// `npm test`: the whole suite through turbo (builds what the tests need first), then one plain
// "N passed, N failed" line. Runs on DATABASE_URL when set, else on the embedded Postgres.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) =>
  spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;

if (!process.env.FLOWVERIFY_KEEP_RESULTS) run('node', ['scripts/test-summary.mjs', '--reset']);
const turbo = run('npx', ['turbo', 'run', 'test', '--concurrency=2', ...process.argv.slice(2)]);
const summary = run('node', ['scripts/test-summary.mjs']);
process.exit(turbo || summary);
