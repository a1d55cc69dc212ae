/**
 * Team access from the command line:
 *   flowverify token create --name NAME [--expires ISO] [--user NAME] [--json]   prints the secret once (stdout)
 *   flowverify token list [--all] [--json]                                         --all includes revoked tokens
 *   flowverify token revoke ID
 *   flowverify member add --user NAME --role reader|editor|admin [--workspace NAME]
 *   flowverify member remove --user NAME [--workspace NAME]
 *   flowverify member list [--workspace NAME] [--json]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_API_URL } from './args';
import { requestGraphQL } from './graphql-client';

export const TEAM_COMMANDS = new Set(['token', 'member']);

const USAGE = {
  token: `Usage: flowverify token create --name NAME [--expires ISO-TIME] [--user NAME] [--json]
       flowverify token list [--all] [--json]
       flowverify token revoke ID

  create   prints the new token's secret on stdout, once (it is stored only as a hash)
  --user   mint for another user (server admins)
  --all    list revoked tokens too
  --api URL, --token TOKEN (env FLOWVERIFY_API_URL, FLOWVERIFY_TOKEN)`,
  member: `Usage: flowverify member add --user NAME --role reader|editor|admin [--workspace NAME]
       flowverify member remove --user NAME [--workspace NAME]
       flowverify member list [--workspace NAME] [--json]

  reader: queries and verification; editor: modelling, imports, drafts; admin: members, replace-imports, deletion
  --api URL, --token TOKEN (env FLOWVERIFY_API_URL, FLOWVERIFY_TOKEN)`,
};

type Out = Pick<NodeJS.WriteStream, 'write'>;
interface Io {
  stdout: Out;
  stderr: Out;
  env: Record<string, string | undefined>;
}

/** Removes `--token X` / `--token=X` from argv (every command accepts it). */
export function takeTokenFlag(argv: string[]): { argv: string[]; token: string | undefined } {
  const out: string[] = [];
  let token: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--token') token = argv[++i];
    else if (a.startsWith('--token=')) token = a.slice('--token='.length);
    else out.push(a);
  }
  return { argv: out, token };
}

class TeamUsageError extends Error {}

const API_TOKEN_FIELDS = 'id name prefix createdAt expiresAt lastUsedAt revokedAt isBootstrap user { name }';

interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  user: { name: string };
}

/** Runs `token …` or `member …`; resolves with the exit status (2 on usage errors). API errors throw ApiError. */
export async function runTeamCommand(argv: string[], io: Io): Promise<number> {
  const [group, verb, ...rest] = argv as ['token' | 'member', string | undefined, ...string[]];
  if (!verb || verb === '--help' || verb === '-h' || rest.includes('--help') || rest.includes('-h')) {
    (verb ? io.stdout : io.stderr).write(`${USAGE[group]}\n`);
    return verb ? 0 : 2;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        api: { type: 'string' },
        workspace: { type: 'string' },
        name: { type: 'string' },
        expires: { type: 'string' },
        user: { type: 'string' },
        role: { type: 'string' },
        all: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (error) {
    io.stderr.write(`flowverify: ${(error as Error).message}\n${USAGE[group]}\n`);
    return 2;
  }
  const api = (values.api as string | undefined) ?? (io.env.FLOWVERIFY_API_URL || DEFAULT_API_URL);
  const str = (k: string) => values[k] as string | undefined;
  const need = (k: string) => {
    const v = str(k);
    if (!v) throw new TeamUsageError(`${group} ${verb} needs --${k}`);
    return v;
  };
  try {
    if (group === 'token') return await token(verb, api, { str, need, positionals, values }, io);
    return await member(verb, api, { str, need, values }, io);
  } catch (error) {
    if (!(error instanceof TeamUsageError)) throw error;
    io.stderr.write(`flowverify: ${error.message}\n${USAGE[group]}\n`);
    return 2;
  }
}

interface Flags {
  str(k: string): string | undefined;
  need(k: string): string;
  positionals?: string[];
  values: Record<string, string | boolean | undefined>;
}

async function token(verb: string, api: string, f: Flags, io: Io): Promise<number> {
  switch (verb) {
    case 'create': {
      const input = {
        name: f.need('name'),
        ...(f.str('expires') ? { expiresAt: f.str('expires') } : {}),
        ...(f.str('user') ? { userName: f.str('user') } : {}),
      };
      const data = await requestGraphQL<{ createApiToken: { token: string; apiToken: ApiTokenRow } }>(
        api,
        `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { ${API_TOKEN_FIELDS} } } }`,
        { input },
      );
      const { token: secret, apiToken } = data.createApiToken;
      if (f.values.json) {
        io.stdout.write(`${JSON.stringify(data.createApiToken, null, 2)}\n`);
      } else {
        io.stdout.write(`${secret}\n`);
        io.stderr.write(
          `Token '${apiToken.name}' (${apiToken.id}) for ${apiToken.user.name}. Shown once: store it now.\n`,
        );
      }
      return 0;
    }
    case 'list': {
      const data = await requestGraphQL<{ apiTokens: ApiTokenRow[] }>(
        api,
        `query($all: Boolean) { apiTokens(includeRevoked: $all) { ${API_TOKEN_FIELDS} } }`,
        { all: Boolean(f.values.all) },
      );
      if (f.values.json) {
        io.stdout.write(`${JSON.stringify(data.apiTokens, null, 2)}\n`);
        return 0;
      }
      const rows = data.apiTokens.map((t) => [
        t.id,
        t.prefix,
        t.name,
        t.user.name,
        t.expiresAt ?? '-',
        t.lastUsedAt ?? '-',
        t.revokedAt ? `revoked ${t.revokedAt}` : 'active',
      ]);
      io.stdout.write(table(['ID', 'PREFIX', 'NAME', 'USER', 'EXPIRES', 'LAST USED', 'STATUS'], rows));
      return 0;
    }
    case 'revoke': {
      const id = f.positionals?.[0];
      if (!id) throw new TeamUsageError('token revoke needs the token id (see flowverify token list)');
      const data = await requestGraphQL<{ revokeApiToken: { apiToken: ApiTokenRow } }>(
        api,
        `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { ${API_TOKEN_FIELDS} } } }`,
        { input: { id } },
      );
      io.stdout.write(`Revoked token '${data.revokeApiToken.apiToken.name}' (${id}).\n`);
      return 0;
    }
    default:
      throw new TeamUsageError(`unknown command "token ${verb}"`);
  }
}

async function member(verb: string, api: string, f: Flags, io: Io): Promise<number> {
  const workspace = f.str('workspace') ?? 'default';
  switch (verb) {
    case 'add': {
      const role = f.need('role').toUpperCase();
      if (!['READER', 'EDITOR', 'ADMIN'].includes(role)) {
        throw new TeamUsageError('--role is reader, editor or admin');
      }
      const data = await requestGraphQL<{
        addWorkspaceMember: { member: { role: string; user: { name: string } } };
      }>(
        api,
        `mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { member { role user { name } } } }`,
        { input: { workspace, userName: f.need('user'), role } },
      );
      const m = data.addWorkspaceMember.member;
      io.stdout.write(`${m.user.name} is ${m.role.toLowerCase()} in '${workspace}'.\n`);
      return 0;
    }
    case 'remove': {
      await requestGraphQL(
        api,
        `mutation($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedUserName } }`,
        { input: { workspace, userName: f.need('user') } },
      );
      io.stdout.write(`${f.need('user')} removed from '${workspace}'.\n`);
      return 0;
    }
    case 'list': {
      const data = await requestGraphQL<{ workspaceMembers: { role: string; user: { name: string } }[] }>(
        api,
        `query($w: String) { workspaceMembers(workspace: $w) { role user { name } } }`,
        { w: workspace },
      );
      if (f.values.json) io.stdout.write(`${JSON.stringify(data.workspaceMembers, null, 2)}\n`);
      else {
        io.stdout.write(
          table(
            ['USER', 'ROLE'],
            data.workspaceMembers.map((m) => [m.user.name, m.role.toLowerCase()]),
          ),
        );
      }
      return 0;
    }
    default:
      throw new TeamUsageError(`unknown command "member ${verb}"`);
  }
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
