/**
 * The flowverify CLI's command line: pure parsing (node:util parseArgs), no I/O. Bad flags throw `UsageError`,
 * which the CLI prints with the command's usage line and exits 2.
 */
import { parseArgs } from 'node:util';
import { checkUsage, parseCheck, type CheckCommand } from './check';

export const DEFAULT_API_URL = 'http://127.0.0.1:4000/graphql';

export interface Connection {
  /** GraphQL endpoint. */
  api: string;
  workspace?: string;
}

export interface VerifyQuery {
  targetResourceId: string;
  targetNicResourceId?: string;
  direction: 'INBOUND' | 'OUTBOUND';
  protocol: 'TCP' | 'UDP';
  localIpAddress: string;
  localPort: string;
  remoteIpAddress: string;
  remotePort: string;
}

export type Command =
  | { kind: 'help'; topic?: Topic }
  | { kind: 'version' }
  | ({
      kind: 'verify';
      json: boolean;
      trace: boolean;
      query: VerifyQuery;
      /** `-g`: narrows `--vm` / `--nic` names to one resource group, as az does. */
      resourceGroup?: string;
    } & Connection)
  | ({
      kind: 'import';
      files: string[];
      replace: boolean;
      json: boolean;
      progress: boolean | undefined;
    } & Connection)
  | ({ kind: 'export'; out?: string; json: boolean } & Connection)
  | CheckCommand;

export type Topic = 'verify' | 'import' | 'export' | 'check';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly topic?: Topic,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const COMMON = `  --api URL          GraphQL endpoint (default ${DEFAULT_API_URL}, env FLOWVERIFY_API_URL)
  --token TOKEN      API token sent as "Authorization: Bearer" (env FLOWVERIFY_TOKEN)
  --workspace NAME   workspace (default "default")
  -h, --help         show this help`;

export const USAGE: Record<Topic | 'main', string> = {
  main: `Usage: flowverify <command> [options]

Commands:
  verify   Will this packet reach this VM, and which rule decides? (like az network watcher test-ip-flow)
  import   Import Azure exports (az CLI JSON, ARM REST, ARM templates, Service Tag Discovery JSON)
  export   Export a workspace as ARM REST JSON
  check    Run the workspace's saved checks (for CI: exit 1 when any fails)
  token    Create, list or revoke API tokens (flowverify token --help)
  member   Add, remove or list workspace members (flowverify member --help)

Options:
${COMMON}
  --version          print the version

Run "flowverify <command> --help" for a command's options.`,
  verify: `Usage: flowverify verify --vm ID --direction Inbound|Outbound --protocol TCP|UDP --local IP:PORT --remote IP:PORT [--nic ID] [-g RG] [--json] [--trace]

Options:
  --vm ID            target VM: ARM id, or a name unique in the workspace (or in the resource group)
  --nic ID           target NIC, id or name (needed when the VM has several NICs and one forwards IP)
  -g, --resource-group RG   resource group of --vm / --nic given by name (as az takes them)
  --direction D      Inbound or Outbound (any case)
  --protocol P       TCP or UDP (any case)
  --local IP:PORT    the VM's side, e.g. 10.0.0.4:443 or [fd00::4]:443; PORT may be * on the source side
  --remote IP:PORT   the other side, e.g. 13.107.21.200:60000
  --json             print the verdict as JSON (errors too: {"error": {...}} on standard output)
  --trace            include the evaluated layers
${COMMON}

Exit status: 0 Allow, 1 Deny, 2 error.`,
  import: `Usage: flowverify import FILE... [--replace] [--json]

Imports the files in one transaction (nothing is written if any resource is invalid).
Options:
  --replace          empty the workspace first
  --json             print the result as JSON (errors too: {"error": {...}} on standard output)
  --progress / --no-progress   force the progress bar on stderr on or off (default: on for a terminal)
${COMMON}`,
  export: `Usage: flowverify export [--out FILE] [--json]

Options:
  --out FILE         write to FILE instead of standard output
  --json             errors as JSON ({"error": {...}} on standard output); the export itself is always JSON
${COMMON}`,
  check: checkUsage(DEFAULT_API_URL),
};

const connectionOptions: OptionSpec = {
  api: { type: 'string' },
  workspace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** Parses `argv` (without node and the script). `env` supplies FLOWVERIFY_API_URL. Throws UsageError. */
export function parseCommandLine(argv: string[], env: Record<string, string | undefined> = {}): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') return { kind: 'help' };
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help' };
    if (isTopic(topic)) return { kind: 'help', topic };
    throw new UsageError(`unknown command "${topic}"`);
  }
  if (!isTopic(first)) throw new UsageError(`unknown command "${first}"`);
  switch (first) {
    case 'verify':
      return parseVerify(rest, env);
    case 'import':
      return parseImport(rest, env);
    case 'export':
      return parseExport(rest, env);
    case 'check':
      return parseCheck(rest, env);
  }
}

function isTopic(value: string): value is Topic {
  return value === 'verify' || value === 'import' || value === 'export' || value === 'check';
}

type Values = Record<string, string | boolean | undefined>;
type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(
  args: string[],
  options: OptionSpec,
  topic: Topic,
  allowPositionals = false,
): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals,
      allowNegative: true,
    });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ''), topic);
  }
}

function connection(values: Values, env: Record<string, string | undefined>): Connection {
  const api = (values.api as string | undefined) ?? (env.FLOWVERIFY_API_URL || DEFAULT_API_URL);
  const workspace = values.workspace as string | undefined;
  return workspace === undefined ? { api } : { api, workspace };
}

function parseVerify(args: string[], env: Record<string, string | undefined>): Command {
  const { values } = parse(
    args,
    {
      ...connectionOptions,
      vm: { type: 'string' },
      nic: { type: 'string' },
      'resource-group': { type: 'string', short: 'g' },
      direction: { type: 'string' },
      protocol: { type: 'string' },
      local: { type: 'string' },
      remote: { type: 'string' },
      json: { type: 'boolean' },
      trace: { type: 'boolean' },
    },
    'verify',
  );
  if (values.help) return { kind: 'help', topic: 'verify' };
  const need = (name: 'vm' | 'direction' | 'protocol' | 'local' | 'remote'): string => {
    const value = values[name];
    if (typeof value !== 'string' || value.trim() === '')
      throw new UsageError(`--${name} is required`, 'verify');
    return value.trim();
  };
  const targetResourceId = need('vm');
  const direction = need('direction').toUpperCase();
  if (direction !== 'INBOUND' && direction !== 'OUTBOUND') {
    throw new UsageError(`--direction must be Inbound or Outbound, not "${values.direction}"`, 'verify');
  }
  const protocol = need('protocol').toUpperCase();
  if (protocol !== 'TCP' && protocol !== 'UDP') {
    throw new UsageError(`--protocol must be TCP or UDP, not "${values.protocol}"`, 'verify');
  }
  const local = parseEndpoint(need('local'), '--local');
  const remote = parseEndpoint(need('remote'), '--remote');
  const query: VerifyQuery = {
    targetResourceId,
    direction,
    protocol,
    localIpAddress: local.ip,
    localPort: local.port,
    remoteIpAddress: remote.ip,
    remotePort: remote.port,
  };
  if (typeof values.nic === 'string' && values.nic.trim()) query.targetNicResourceId = values.nic.trim();
  const group = values['resource-group'];
  return {
    kind: 'verify',
    ...connection(values, env),
    json: Boolean(values.json),
    trace: Boolean(values.trace),
    query,
    ...(typeof group === 'string' && group.trim() ? { resourceGroup: group.trim() } : {}),
  };
}

/**
 * `IP:PORT` as az network watcher test-ip-flow takes it, plus `[IPv6]:PORT`. The address itself is checked by the
 * API (it knows Azure's rules); here only the shape.
 */
export function parseEndpoint(text: string, flag: string): { ip: string; port: string } {
  const bracketed = /^\[([^\]]+)\]:([^:]+)$/.exec(text);
  const plain = /^([^:[\]]+):([^:]+)$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) {
    throw new UsageError(
      `${flag} must look like x.x.x.x:port or [ipv6]:port, not "${text}"${text.includes(':') && !text.startsWith('[') && text.split(':').length > 2 ? ' (put IPv6 addresses in brackets)' : ''}`,
      'verify',
    );
  }
  const port = (match[2] as string).trim();
  if (port !== '*' && !/^\d+$/.test(port))
    throw new UsageError(`${flag}: port must be a number or *, not "${port}"`, 'verify');
  return { ip: (match[1] as string).trim(), port };
}

function parseImport(args: string[], env: Record<string, string | undefined>): Command {
  const { values, positionals } = parse(
    args,
    {
      ...connectionOptions,
      replace: { type: 'boolean' },
      json: { type: 'boolean' },
      progress: { type: 'boolean' },
    },
    'import',
    true,
  );
  if (values.help) return { kind: 'help', topic: 'import' };
  if (positionals.length === 0) throw new UsageError('name at least one file to import', 'import');
  return {
    kind: 'import',
    ...connection(values, env),
    files: positionals,
    replace: Boolean(values.replace),
    json: Boolean(values.json),
    progress: values.progress as boolean | undefined,
  };
}

function parseExport(args: string[], env: Record<string, string | undefined>): Command {
  const { values } = parse(
    args,
    { ...connectionOptions, out: { type: 'string' }, json: { type: 'boolean' } },
    'export',
  );
  if (values.help) return { kind: 'help', topic: 'export' };
  const out = values.out as string | undefined;
  return { kind: 'export', ...connection(values, env), ...(out ? { out } : {}), json: Boolean(values.json) };
}
