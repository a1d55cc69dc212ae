/**
 * The flowverify CLI end to end: `node apps/api/bin/flowverify.js …` against an in-process API on an ephemeral port.
 * The CLI's dist files are (re)compiled with swc when missing or older than src/cli, so the test runs the source.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCliApi, type CliApi, type CliResult } from './cli-runner';

jest.setTimeout(120_000);

const apiDir = path.join(__dirname, '..', '..');
const fixtures = path.join(apiDir, 'test-fixtures');
const S = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-shop/providers';
const VM_WEB = `${S}/Microsoft.Compute/virtualMachines/vm-web-1`;

let cli: CliApi;
let tmp: string;

/** The CLI against this file's API, as the signed-in admin (`env` on top). */
const runCli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => cli.run(args, env);

beforeAll(async () => {
  cli = await startCliApi(['vnet-list', 'nsg-list', 'asg-list', 'nic-list', 'vm-list', 'network-manager']);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'flowverify-cli-'));
});

afterAll(() => cli?.close());

const verify = (local: string, remote: string, ...extra: string[]) =>
  runCli([
    'verify',
    '--workspace',
    'shop',
    '--vm',
    VM_WEB,
    '--direction',
    'inbound',
    '--protocol',
    'tcp',
    '--local',
    local,
    '--remote',
    remote,
    ...extra,
  ]);

describe('flowverify CLI', () => {
  it('verify: Allow exits 0 with a human summary', async () => {
    const { code, stdout, stderr } = await verify('10.1.1.4:443', '13.107.21.200:50000');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Access\s+Allow$/m);
    expect(stdout).toMatch(/^Rule\s+securityRules\/allow-https \(custom\)$/m);
    expect(stdout).toMatch(/^NSG\s+.*networkSecurityGroups\/nsg-web$/m);
    expect(stdout).toMatch(/^Decided by\s+subnet NSG$/m);
  });

  it('verify: Deny exits 1; --json prints the verdict', async () => {
    const { code, stdout } = await verify('10.1.1.4:3389', '13.107.21.200:50000', '--json');
    expect(code).toBe(1);
    const verdict = JSON.parse(stdout) as Record<string, unknown>;
    expect(verdict).toMatchObject({ access: 'Deny', ruleName: 'deny-rdp-internet', decidedBy: 'ADMIN_RULE' });
    expect(verdict.networkManagerId).toMatch(/networkManagers\/nm-shop$/);
  });

  it('verify: --vm takes a VM name, like az', async () => {
    const { code, stdout } = await runCli([
      'verify',
      '--workspace',
      'shop',
      '--vm',
      'VM-WEB-1',
      '--direction',
      'Inbound',
      '--protocol',
      'TCP',
      '--local',
      '10.1.1.4:443',
      '--remote',
      '13.107.21.200:50000',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      access: 'Allow',
      networkInterfaceId: expect.stringMatching(/nic-web-1$/),
    });
    const missing = await runCli([
      'verify',
      '--workspace',
      'shop',
      '--vm',
      'vm-nope',
      '--direction',
      'Inbound',
      '--protocol',
      'TCP',
      '--local',
      '10.1.1.4:443',
      '--remote',
      '13.107.21.200:50000',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no VM named "vm-nope"/);
  });

  it('verify: bad flags exit 2 with a usage line', async () => {
    const { code, stderr, stdout } = await runCli(['verify', '--vm', VM_WEB, '--direction', 'sideways']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--direction must be Inbound or Outbound/);
    expect(stderr).toMatch(/^Usage: flowverify verify /m);
  });

  it('verify: API errors exit 2 with the reason', async () => {
    const { code, stderr } = await verify('10.9.9.9:443', '13.107.21.200:50000');
    expect(code).toBe(2);
    expect(stderr).toMatch(/BAD_USER_INPUT, LocalIpNotOnTarget/);
  });

  it('exits 2 when the API cannot be reached', async () => {
    const { code, stderr } = await runCli(['export'], { FLOWVERIFY_API_URL: 'http://127.0.0.1:9/graphql' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot reach the API at http:\/\/127\.0\.0\.1:9\/graphql/);
  });

  it('import: several files in one transaction, counts at the end; export --out writes ARM JSON', async () => {
    const imported = await runCli([
      'import',
      path.join(fixtures, 'arm-rest.json'),
      path.join(fixtures, 'service-tags.json'),
      '--workspace',
      'cli-import',
    ]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported into workspace "cli-import"/);
    expect(imported.stdout).toMatch(/virtualNetworks\s+1 created, 0 updated, 0 unchanged/);
    expect(imported.stdout).toMatch(/Skipped 1 × Microsoft.Network\/publicIPAddresses/);
    const out = path.join(tmp, 'export.json');
    const exported = await runCli(['export', '--workspace', 'cli-import', '--out', out]);
    expect(exported.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { value: { name?: string }[] };
    expect(doc.value.map((r) => r.name)).toContain('vnet-payments');
  });

  it('import: an invalid document exits 2 and lists the issues with JSON paths', async () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          name: 'nsg-x',
          location: 'westeurope',
          securityRules: [
            {
              name: 'r',
              priority: 5,
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Tcp',
              sourceAddressPrefix: '*',
              sourcePortRange: '*',
              destinationAddressPrefix: '*',
              destinationPortRange: '80',
            },
          ],
        },
      ]),
    );
    const { code, stderr } = await runCli(['import', bad, '--workspace', 'cli-bad']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/InvalidImport/);
    expect(stderr).toMatch(/\$\[0\]\.securityRules\[0\]\.priority/);
  });

  it('import of several files names the file each issue is in, with the JSON path inside that file', async () => {
    const nsgs = JSON.parse(readFileSync(path.join(fixtures, 'az', 'nsg-list.json'), 'utf8')) as {
      securityRules: { priority: number }[];
    }[];
    nsgs[0]!.securityRules[0]!.priority = 5;
    const bad = path.join(tmp, 'nsg-bad.json');
    writeFileSync(bad, JSON.stringify(nsgs));
    const files = [path.join(fixtures, 'az', 'vnet-list.json'), bad];
    const human = await runCli(['import', ...files, '--workspace', 'cli-files']);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain(`${bad}: $[0].securityRules[0].priority  SecurityRuleInvalidPriority`);
    expect(human.stderr).not.toContain('$[1][0]');
    const json = await runCli(['import', ...files, '--workspace', 'cli-files', '--json']);
    expect(json.code).toBe(2);
    const { error } = JSON.parse(json.stdout) as { error: { issues: { file?: string; path: string }[] } };
    expect(error.issues[0]).toMatchObject({ file: bad, path: '$[0].securityRules[0].priority' });
  });

  it('import refuses a file that holds no JSON object or array, naming it, before sending anything', async () => {
    const scalar = path.join(tmp, 'scalar.json');
    writeFileSync(scalar, '42\n');
    const files = [path.join(fixtures, 'az', 'asg-list.json'), scalar];
    const { code, stderr } = await runCli(['import', ...files, '--workspace', 'cli-scalar']);
    expect(code).toBe(2);
    expect(stderr).toContain(`${scalar} holds a number, not an Azure export`);
    const listed = await runCli(['export', '--workspace', 'cli-scalar']);
    expect(listed.code).toBe(2); // the workspace was never created
  });

  it('--help and per-command help exit 0', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/Commands:/);
    const importHelp = await runCli(['import', '--help']);
    expect(importHelp.stdout).toMatch(/^Usage: flowverify import FILE\.\.\./);
  });

  it('check --help lists every flag it takes, --token included', async () => {
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: flowverify check /);
    for (const flag of ['--workspace NAME', '--json', '--api URL', '--token TOKEN', '--help']) {
      expect(help.stdout).toContain(flag);
    }
    // …and the token it lists is the one the command sends.
    const noToken = await runCli(['check', '--workspace', 'shop', '--token', 'fv_not_a_token']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/UNAUTHENTICATED/);
  });
});
