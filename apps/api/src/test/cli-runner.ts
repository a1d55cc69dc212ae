/** Running the flowverify CLI (`bin/flowverify.js`) from tests, on the current sources. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFile } from '@swc/core';

const apiDir = path.join(__dirname, '..', '..');
const bin = path.join(apiDir, 'bin', 'flowverify.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Compiles src/cli/*.ts to dist/cli/*.js (what the bin runs) when the dist copy is missing or stale. */
export async function buildCli(): Promise<void> {
  const srcDir = path.join(apiDir, 'src', 'cli');
  const outDir = path.join(apiDir, 'dist', 'cli');
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const src = path.join(srcDir, file);
    const out = path.join(outDir, file.replace(/\.ts$/, '.js'));
    if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) continue;
    const { code } = await transformFile(src, {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    writeFileSync(out, code);
  }
}

/** Runs `flowverify <args>` with `env` on top of this process's environment; never rejects. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
