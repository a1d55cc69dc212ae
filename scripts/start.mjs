#!/usr/bin/env node
// `npm start`: the GraphQL API (which starts the embedded Postgres when DATABASE_URL is unset,
// applies pending migrations and loads the demo network on first start) and the dashboard.
// If either process exits, the other is stopped and the exit code is passed on.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = process.env.API_PORT || '4000';
const webPort = process.env.WEB_PORT || '3000';
const apiUrl = `http://127.0.0.1:${apiPort}`;
const children = new Set();
let stopping = false;

let signInUrl = null;
let apiOutput = '';

function start(name, args, env, cwd = root, { watchSignIn = false } = {}) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: watchSignIn ? ['inherit', 'pipe', 'inherit'] : 'inherit',
  });
  if (watchSignIn) {
    // Pass the API's output through, remembering the startup sign-in URL it prints (auth/bootstrap.ts).
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      apiOutput = (apiOutput + chunk.toString()).slice(-8192);
      const m = /flowverify sign-in[^:]*: (\S+)\n/.exec(apiOutput);
      if (m) signInUrl = m[1];
    });
  }
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(
        `flowverify: the ${name} stopped (${signal ?? `exit code ${code}`}); stopping everything.`,
      );
      stop(code || 1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
}

async function waitForApi() {
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      const res = await fetch(`${apiUrl}/healthz`);
      if (res.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('API', [path.join(root, 'apps/api/dist/main.js')], { API_PORT: apiPort, WEB_PORT: webPort }, root, {
  watchSignIn: true,
});
if (await waitForApi()) {
  const require = createRequire(path.join(root, 'apps/web/package.json'));
  const nextBin = require.resolve('next/dist/bin/next');
  start(
    'dashboard',
    [nextBin, 'start', '-p', webPort, '-H', '127.0.0.1'],
    {
      FLOWVERIFY_API_URL: `${apiUrl}/graphql`,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    path.join(root, 'apps/web'),
  );
  const signIn = signInUrl
    ? `  sign in    ${signInUrl}\n             (a fresh admin token each start; FLOWVERIFY_BOOTSTRAP_TOKEN sets a fixed one)\n`
    : `  sign in    with an API token (FLOWVERIFY_BOOTSTRAP_TOKEN, or \`flowverify token create\`)\n`;
  console.log(
    `\nflowverify is up:\n  dashboard  http://127.0.0.1:${webPort}\n${signIn}  GraphQL    ${apiUrl}/graphql\n  health     ${apiUrl}/healthz\n`,
  );
}
