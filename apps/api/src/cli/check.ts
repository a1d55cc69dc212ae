/**
 * `flowverify check [--workspace W] [--json] [--api URL] [--token TOKEN]`: runs the workspace's saved checks (recorded
 * as a CheckRun with trigger CLI) for CI; on a draft `<base>~<draft>`, the base's checks against the draft's model.
 * Exit status: 0 every check passed, 1 any check failed, 2 errors (flags, API, unreachable). `--token` is taken off
 * the arguments by main.ts for every command; the help lists it.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_API_URL, UsageError, type Connection } from './args';
import { requestGraphQL } from './graphql-client';

export interface CheckCommand extends Connection {
  kind: 'check';
  json: boolean;
}

/** The usage text (a function: args.ts and this file import each other). */
export const checkUsage = (
  defaultApi: string,
) => `Usage: flowverify check [--workspace NAME] [--json] [--api URL] [--token TOKEN]

Runs the workspace's saved checks against its model now (recorded in the workspace's check history).
On a draft (<workspace>~<draft>) it runs the workspace's checks against the draft's model (recorded
in the draft's history). Each result names the rule that decided it, for passes and failures.
Options:
  --workspace NAME   workspace (default "default"); a draft is <workspace>~<draft>
  --json             print the run as JSON
  --api URL          GraphQL endpoint (default ${defaultApi}, env FLOWVERIFY_API_URL)
  --token TOKEN      API token sent as "Authorization: Bearer" (env FLOWVERIFY_TOKEN)
  -h, --help         show this help

Exit status: 0 all checks pass, 1 any check fails, 2 error.`;

/** Parses the arguments after `check`; `{ kind: 'help' }` for --help. Throws UsageError. */
export function parseCheck(
  args: string[],
  env: Record<string, string | undefined>,
): CheckCommand | { kind: 'help'; topic: 'check' } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        api: { type: 'string' },
        workspace: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
      allowNegative: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ''), 'check');
  }
  if (values.help) return { kind: 'help', topic: 'check' };
  const api = (values.api as string | undefined) ?? (env.FLOWVERIFY_API_URL || DEFAULT_API_URL);
  const workspace = values.workspace as string | undefined;
  return {
    kind: 'check',
    api,
    ...(workspace === undefined ? {} : { workspace }),
    json: Boolean(values.json),
  };
}

const RUN = `mutation Check($input: RunSavedChecksInput!) {
  runSavedChecks(input: $input) {
    id workspaceName trigger at passed failed
    results {
      name passed expected evaluatedFlows flowsChecked message actual decidingRuleName decidingRuleId method
      decidingFlow { targetResourceId direction protocol localIpAddress localPort remoteIpAddress remotePort }
      counterexample { targetResourceId direction protocol localIpAddress localPort remoteIpAddress remotePort }
    }
  }
}`;

interface Run {
  workspaceName: string;
  passed: number;
  failed: number;
  results: {
    name: string;
    passed: boolean;
    expected: string;
    evaluatedFlows: number;
    message: string | null;
    actual: string | null;
    decidingRuleName: string | null;
  }[];
}

/** Runs the checks and prints them; resolves with the exit status (API errors are thrown for main.ts to report). */
export async function runCheck(
  command: CheckCommand,
  io: { stdout: Pick<NodeJS.WriteStream, 'write'> },
): Promise<number> {
  const data = await requestGraphQL<{ runSavedChecks: Run }>(command.api, RUN, {
    input: { workspace: command.workspace ?? null, trigger: 'CLI' },
  });
  const run = data.runSavedChecks;
  if (command.json) {
    io.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
  } else {
    for (const r of run.results) {
      const why = r.passed ? '' : ` — expected ${r.expected}${r.actual ? `, got ${r.actual}` : ''}`;
      const rule = r.decidingRuleName ? ` (${r.decidingRuleName})` : '';
      io.stdout.write(
        `${r.passed ? 'PASS' : 'FAIL'}  ${r.name}${why}${rule}${r.message ? `: ${r.message}` : ''}\n`,
      );
    }
    io.stdout.write(
      run.results.length === 0
        ? `No saved checks in ${run.workspaceName}.\n`
        : `${run.passed} passed, ${run.failed} failed (${run.workspaceName})\n`,
    );
  }
  return run.failed > 0 ? 1 : 0;
}
