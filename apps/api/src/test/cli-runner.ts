/** Running the flowverify CLI (`bin/flowverify.js`) from tests, on the current sources. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';
import { transformFile } from '@swc/core';
import { createLogger } from '../logger';
import { createServer } from '../server';
import { insertApiToken } from '../services/api-tokens';
import { importAzureDocument } from '../services/import-azure-resources';

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

export interface CliApi {
  db: TestDatabase;
  /** The GraphQL endpoint. */
  api: string;
  /** A server admin's token. */
  token: string;
  /** `flowverify <args>` against this API with that token (`env` on top). */
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

/**
 * The CLI built from the sources, and an in-process API on an ephemeral port over a fresh database holding the az
 * fixtures `files` (test-fixtures/az/<file>.json) in workspace `shop`.
 */
export async function startCliApi(files: string[]): Promise<CliApi> {
  await buildCli();
  const db = await createTestDatabase();
  const document = files.map((f) =>
    JSON.parse(readFileSync(path.join(apiDir, 'test-fixtures', 'az', `${f}.json`), 'utf8')),
  );
  await importAzureDocument(db.prisma, { workspace: 'shop', document });
  const admin = await db.prisma.user.create({ data: { name: 'cli-admin', isServerAdmin: true } });
  const token = (await insertApiToken(db.prisma, { userId: admin.id, name: 'cli tests' })).secret;
  const server = await createServer({ prisma: db.prisma, logger: createLogger('silent') });
  const { port } = await server.listen(0);
  const api = `http://127.0.0.1:${port}/graphql`;
  return {
    db,
    api,
    token,
    run: (args, env = {}) => runCli(args, { FLOWVERIFY_API_URL: api, FLOWVERIFY_TOKEN: token, ...env }),
    close: async () => {
      await server.stop();
      await db.drop();
    },
  };
}
