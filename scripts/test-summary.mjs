#!/usr/bin/env node
// Sums the totals the jest reporter left in .jest-results/ and prints "N passed, N failed[, N skipped]".
// `--reset` empties the folder before a run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.jest-results');
if (process.argv.includes('--reset')) {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const totals = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += totals.passed;
  failed += totals.failed;
  skipped += totals.skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
