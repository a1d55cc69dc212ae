/**
 * flowverify: the command-line client of the GraphQL API (bin/flowverify.js loads this file).
 *   flowverify verify --vm ID --direction Inbound --protocol TCP --local 10.0.0.4:443 --remote 1.2.3.4:50000
 *   flowverify import FILE... [--replace]
 *   flowverify export [--out FILE]
 *   flowverify check [--json]          (./check.ts)
 *   flowverify token create|list|revoke, flowverify member add|remove|list   (./team.ts)
 * Every command sends `--token TOKEN` (or env FLOWVERIFY_TOKEN) as `Authorization: Bearer`.
 * Exit status: verify 0 Allow / 1 Deny; 2 for bad flags, API errors and unreachable APIs.
 */
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine, USAGE, UsageError, type Command } from './args';
import { runCheck } from './check';
import { ApiError, requestGraphQL, setApiToken } from './graphql-client';
import { runTeamCommand, takeTokenFlag, TEAM_COMMANDS } from './team';
import { createProgress } from './progress';

const EXIT_ALLOW = 0;
const EXIT_DENY = 1;
const EXIT_ERROR = 2;

type Out = Pick<NodeJS.WriteStream, 'write'>;

interface Io {
  stdout: Out;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

/** Runs one command line; resolves with the exit status. Never throws. */
export async function runCli(argvWithToken: string[], io: Io): Promise<number> {
  const { argv, token } = takeTokenFlag(argvWithToken);
  setApiToken(token ?? io.env.FLOWVERIFY_TOKEN);
  if (argv[0] && TEAM_COMMANDS.has(argv[0])) {
    try {
      return await runTeamCommand(argv, io);
    } catch (error) {
      io.stderr.write(describeError(error));
      return EXIT_ERROR;
    }
  }
  let command: Command;
  try {
    command = parseCommandLine(argv, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (argv.includes('--json')) {
      io.stdout.write(jsonError({ message: error.message, code: 'USAGE' }));
      return EXIT_ERROR;
    }
    const usage = USAGE[error.topic ?? 'main'].split('\n')[0];
    io.stderr.write(
      `flowverify: ${error.message}\n${usage}\nRun "flowverify ${error.topic ?? ''}${error.topic ? ' ' : ''}--help" for details.\n`,
    );
    return EXIT_ERROR;
  }
  try {
    switch (command.kind) {
      case 'help':
        io.stdout.write(`${USAGE[command.topic ?? 'main']}\n`);
        return 0;
      case 'version':
        io.stdout.write(`${readVersion()}\n`);
        return 0;
      case 'verify':
        return await verify(command, io);
      case 'import':
        return await importFiles(command, io);
      case 'export':
        return await exportWorkspace(command, io);
      case 'check':
        return await runCheck(command, io);
    }
  } catch (error) {
    if ('json' in command && command.json) io.stdout.write(jsonError(errorFields(error)));
    else io.stderr.write(describeError(error));
    return EXIT_ERROR;
  }
}

/** An error as `--json` prints it: `{ "error": { message, code?, reason?, field?, index?, issues? } }`. */
function jsonError(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ error: fields }, null, 2)}\n`;
}

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof ApiError))
    return { message: error instanceof Error ? error.message : String(error) };
  const ext = error.errors[0]?.extensions ?? {};
  const out: Record<string, unknown> = { message: error.message };
  for (const k of ['code', 'reason', 'field', 'index', 'issues'] as const)
    if (ext[k] !== undefined) out[k] = ext[k];
  return out;
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const first = error.errors[0];
    const ext = first?.extensions;
    const tags = [ext?.code, ext?.reason, ext?.field ? `field ${ext.field}` : undefined]
      .filter(Boolean)
      .join(', ');
    let text = `flowverify: ${error.message}${tags ? ` (${tags})` : ''}\n`;
    const issues = Array.isArray(ext?.issues)
      ? (ext.issues as { code?: string; path?: unknown; message?: string; file?: string }[])
      : [];
    for (const issue of issues.slice(0, 50)) {
      const where =
        (issue.file ? `${issue.file}: ` : '') +
        (Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? ''));
      text += `  ${where}  ${issue.code ?? ''}: ${issue.message ?? ''}\n`;
    }
    if (issues.length > 50) text += `  … and ${issues.length - 50} more\n`;
    return text;
  }
  return `flowverify: ${error instanceof Error ? error.message : String(error)}\n`;
}

// ─── verify ─────────────────────────────────────────────────────────────────────────────────────────────────────

const VERIFY = `query Verify($input: VerifyFlowInput!, $trace: Boolean!) {
  verifyFlow(input: $input) {
    access ruleName decidedBy ruleKind networkSecurityGroupId ruleId adminRuleId adminConfigurationId networkManagerId
    networkInterfaceId notes
    trace @include(if: $trace) { layer id appliedTo result matchedRule { ruleName access priority } }
  }
}`;

interface Verdict {
  access: 'ALLOW' | 'DENY';
  ruleName: string | null;
  decidedBy: string;
  ruleKind: string | null;
  networkSecurityGroupId: string | null;
  ruleId: string | null;
  adminRuleId: string | null;
  adminConfigurationId: string | null;
  networkManagerId: string | null;
  networkInterfaceId: string;
  notes: string[];
  trace?: {
    layer: string;
    id: string;
    appliedTo: string;
    result: string;
    matchedRule: { ruleName: string; access: string; priority: number } | null;
  }[];
}

const LAYER_NAMES: Record<string, string> = {
  ADMIN_RULE: 'security admin rule',
  SUBNET_NSG: 'subnet NSG',
  NIC_NSG: 'NIC NSG',
  NONE: 'no rule (no NSG applies)',
};

const SEARCH = `query Find($workspace: String, $query: String!, $kinds: [ResourceKind!]) {
  searchResources(workspace: $workspace, query: $query, kinds: $kinds, first: 50) { edges { node { id name } } }
}`;

/**
 * `--vm NAME` / `--nic NAME` as az takes them: resolved to the ARM id by exact (case-insensitive) name, within the
 * `-g` resource group when one is given.
 */
async function resolveId(
  command: Extract<Command, { kind: 'verify' }>,
  kind: 'VIRTUAL_MACHINE' | 'NETWORK_INTERFACE',
  value: string,
): Promise<string> {
  if (value.startsWith('/')) return value;
  const data = await requestGraphQL<{ searchResources: { edges: { node: { id: string; name: string } }[] } }>(
    command.api,
    SEARCH,
    { workspace: command.workspace ?? null, query: value, kinds: [kind] },
  );
  const group = command.resourceGroup?.toLowerCase();
  const matches = data.searchResources.edges
    .map((e) => e.node)
    .filter((n) => n.name.toLowerCase() === value.toLowerCase())
    .filter((n) => group === undefined || n.id.toLowerCase().includes(`/resourcegroups/${group}/`));
  const what = kind === 'VIRTUAL_MACHINE' ? 'VM' : 'NIC';
  const where = command.resourceGroup ? ` resource group "${command.resourceGroup}" of` : '';
  const workspace = command.workspace ?? 'default';
  if (matches.length === 0)
    throw new ApiError(
      `no ${what} named "${value}" in the${where} workspace "${workspace}"; pass its ARM id`,
    );
  if (matches.length > 1) {
    throw new ApiError(
      `${matches.length} ${what}s are named "${value}"; pass the ARM id (${matches.map((m) => m.id).join(', ')})`,
    );
  }
  return (matches[0] as { id: string }).id;
}

async function verify(command: Extract<Command, { kind: 'verify' }>, io: Io): Promise<number> {
  const query = {
    ...command.query,
    targetResourceId: await resolveId(command, 'VIRTUAL_MACHINE', command.query.targetResourceId),
  };
  if (query.targetNicResourceId)
    query.targetNicResourceId = await resolveId(command, 'NETWORK_INTERFACE', query.targetNicResourceId);
  const input = { ...query, ...(command.workspace ? { workspace: command.workspace } : {}) };
  const { verifyFlow } = await requestGraphQL<{ verifyFlow: Verdict }>(command.api, VERIFY, {
    input,
    trace: command.trace,
  });
  const access = verifyFlow.access === 'ALLOW' ? 'Allow' : 'Deny';
  if (command.json) {
    io.stdout.write(`${JSON.stringify({ ...verifyFlow, access }, null, 2)}\n`);
  } else {
    const rows: [string, string][] = [['Access', access]];
    const kind = verifyFlow.ruleKind ? ` (${verifyFlow.ruleKind.toLowerCase()})` : '';
    rows.push(['Rule', verifyFlow.ruleName ? `${verifyFlow.ruleName}${kind}` : '(none)']);
    if (verifyFlow.networkSecurityGroupId) rows.push(['NSG', verifyFlow.networkSecurityGroupId]);
    if (verifyFlow.networkManagerId) rows.push(['Network manager', verifyFlow.networkManagerId]);
    rows.push(['Decided by', LAYER_NAMES[verifyFlow.decidedBy] ?? verifyFlow.decidedBy]);
    rows.push(['NIC', verifyFlow.networkInterfaceId]);
    for (const note of verifyFlow.notes) rows.push(['Note', note]);
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) io.stdout.write(`${k.padEnd(width)}  ${v}\n`);
    if (verifyFlow.trace) {
      io.stdout.write('Trace:\n');
      verifyFlow.trace.forEach((layer, i) => {
        const rule = layer.matchedRule
          ? `${layer.matchedRule.ruleName} (${layer.matchedRule.access}, ${layer.matchedRule.priority})`
          : 'no match';
        io.stdout.write(
          `  ${i + 1}. ${LAYER_NAMES[layer.layer] ?? layer.layer}: ${rule} → ${layer.result}\n     ${layer.id}\n`,
        );
      });
    }
  }
  return access === 'Allow' ? EXIT_ALLOW : EXIT_DENY;
}

// ─── import ─────────────────────────────────────────────────────────────────────────────────────────────────────

const IMPORT = `mutation Import($input: ImportAzureResourcesInput!) {
  importAzureResources(input: $input) {
    workspace { name modelVersion }
    importedCount
    counts { kind created updated unchanged }
    skipped { type count }
    warnings { code path resourceId message }
  }
}`;

interface ImportResult {
  workspace: { name: string; modelVersion: number };
  importedCount: number;
  counts: { kind: string; created: number; updated: number; unchanged: number }[];
  skipped: { type: string; count: number }[];
  warnings: { code: string; path: string; resourceId: string | null; message: string; file?: string }[];
}

/**
 * Several files travel as one array, so the API's JSON paths start with the file's index (`$[1][0]…`): `file` names
 * the file and `path` becomes the path inside it, in issues, warnings and the error message.
 */
function inFile(jsonPath: string, files: string[]): { file?: string; path: string } {
  const match = /^\$\[(\d+)\](.*)$/.exec(jsonPath);
  const file = match ? files[Number(match[1])] : undefined;
  return file === undefined ? { path: jsonPath } : { file, path: `$${match![2]}` };
}

function locateIssues(error: ApiError, files: string[]): void {
  const ext = error.errors[0]?.extensions;
  if (Array.isArray(ext?.issues)) {
    for (const issue of ext.issues as { path?: unknown }[]) {
      if (typeof issue.path === 'string') Object.assign(issue, inFile(issue.path, files));
    }
  }
  error.message = error.message.replace(/ at (\$\[\d+\]\S*)/, (whole, jsonPath: string) => {
    const located = inFile(jsonPath, files);
    return located.file === undefined ? whole : ` at ${located.file}: ${located.path}`;
  });
}

/** Progress is worth showing from 1 MB on (on a terminal, unless forced). */
const PROGRESS_THRESHOLD = 1024 * 1024;

async function importFiles(command: Extract<Command, { kind: 'import' }>, io: Io): Promise<number> {
  const sizes = command.files.map((file) => {
    try {
      return statSync(file).size;
    } catch (error) {
      throw new Error(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  });
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const progress = createProgress(
    io.stderr,
    command.progress ?? (Boolean(io.stderr.isTTY) && totalBytes >= PROGRESS_THRESHOLD),
  );

  progress.stage('reading', totalBytes);
  const texts: string[] = [];
  let read = 0;
  for (const file of command.files) {
    texts.push(
      await readWithProgress(file, (n) => {
        read += n;
        progress.update(read);
      }),
    );
  }
  progress.stage('parsing');
  const documents = texts.map((text, i) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      progress.done();
      throw new Error(`${command.files[i]} is not JSON: ${(error as Error).message}`);
    }
  });
  documents.forEach((parsed, i) => {
    if (typeof parsed === 'object' && parsed !== null) return;
    progress.done();
    throw new Error(
      `${command.files[i]} holds ${parsed === null ? 'null' : `a ${typeof parsed}`}, not an Azure export (a JSON object or array)`,
    );
  });
  const document = documents.length === 1 ? documents[0] : documents;
  const input = {
    document,
    replace: command.replace,
    ...(command.workspace ? { workspace: command.workspace } : {}),
  };
  let uploading = false;
  let waiting = false;
  const result = await requestGraphQL<{ importAzureResources: ImportResult }>(
    command.api,
    IMPORT,
    { input },
    (sent, total) => {
      if (!uploading) {
        uploading = true;
        progress.stage('uploading', total);
      }
      progress.update(sent);
      if (sent === total && !waiting) {
        waiting = true;
        progress.stage('importing');
      }
    },
  )
    .catch((error: unknown) => {
      if (error instanceof ApiError && command.files.length > 1) locateIssues(error, command.files);
      throw error;
    })
    .finally(() => progress.done());

  const payload = result.importAzureResources;
  if (command.files.length > 1) {
    for (const warning of payload.warnings) Object.assign(warning, inFile(warning.path, command.files));
  }
  if (command.json) {
    io.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(
    `Imported into workspace "${payload.workspace.name}" (model version ${payload.workspace.modelVersion}):\n`,
  );
  const width = Math.max(10, ...payload.counts.map((c) => c.kind.length));
  for (const c of payload.counts) {
    io.stdout.write(
      `  ${c.kind.padEnd(width)}  ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged\n`,
    );
  }
  if (payload.counts.length === 0) io.stdout.write('  (no resources)\n');
  for (const s of payload.skipped) io.stdout.write(`Skipped ${s.count} × ${s.type} (not modelled)\n`);
  for (const w of payload.warnings) {
    io.stderr.write(`warning: ${w.file ? `${w.file}: ` : ''}${w.path}  ${w.code}: ${w.message}\n`);
  }
  return 0;
}

/** UTF-8 with or without BOM, or UTF-16LE (what Windows PowerShell's `>` writes for `az ... > file.json`). */
export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  return buffer.toString('utf8').replace(/^\uFEFF/, '');
}

function readWithProgress(file: string, onBytes: (n: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    createReadStream(file)
      .on('data', (chunk: string | Buffer) => {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        chunks.push(buffer);
        onBytes(buffer.length);
      })
      .on('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(`cannot read ${file}: ${error.code ?? error.message}`)),
      )
      .on('end', () => resolve(decodeText(Buffer.concat(chunks))));
  });
}

// ─── export ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function exportWorkspace(command: Extract<Command, { kind: 'export' }>, io: Io): Promise<number> {
  const query = `query Export($workspace: String) { exportAzureResources(workspace: $workspace) }`;
  const data = await requestGraphQL<{ exportAzureResources: unknown }>(command.api, query, {
    workspace: command.workspace ?? null,
  });
  const text = `${JSON.stringify(data.exportAzureResources, null, 2)}\n`;
  if (command.out) {
    writeFileSync(command.out, text);
    const count = (data.exportAzureResources as { value?: unknown[] }).value?.length ?? 0;
    io.stderr.write(`Exported ${count} resources to ${command.out}\n`);
  } else {
    io.stdout.write(text);
  }
  return 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`flowverify: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
