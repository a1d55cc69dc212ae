/**
 * The CLI as scripts use it: az's `-g/--resource-group` for names, and `--json` answers errors as JSON on standard
 * output too (exit 2), so a script reads one stream whatever happens.
 */
import { startCliApi, type CliApi } from './cli-runner';

jest.setTimeout(120_000);

let cli: CliApi;
beforeAll(async () => {
  cli = await startCliApi(['vnet-list', 'nsg-list', 'asg-list', 'nic-list', 'vm-list']);
});
afterAll(() => cli?.close());

/** `flowverify verify` of vm-web-1 by name, inbound TCP from 13.107.21.200:50000 to `local`. */
const verifyByName = (local: string, ...extra: string[]) =>
  cli.run([
    'verify',
    '--workspace',
    'shop',
    '--vm',
    'vm-web-1',
    '--direction',
    'Inbound',
    '--protocol',
    'TCP',
    '--local',
    local,
    '--remote',
    '13.107.21.200:50000',
    ...extra,
  ]);

describe('flowverify CLI for scripts', () => {
  it('verify: -g / --resource-group narrows a VM name to its resource group, as az does', async () => {
    const inGroup = await verifyByName('10.1.1.4:443', '-g', 'RG-SHOP', '--json');
    expect(inGroup.code).toBe(0);
    expect(JSON.parse(inGroup.stdout)).toMatchObject({ access: 'Allow' });
    const long = await verifyByName('10.1.1.4:443', '--resource-group', 'rg-shop');
    expect(long.code).toBe(0);
    const elsewhere = await verifyByName('10.1.1.4:443', '-g', 'rg-other');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain(
      'no VM named "vm-web-1" in the resource group "rg-other" of workspace "shop"',
    );
  });

  it('--json prints API errors as one JSON object on standard output, and still exits 2', async () => {
    const r = await verifyByName('10.9.9.9:443', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      error: expect.objectContaining({
        code: 'BAD_USER_INPUT',
        reason: 'LocalIpNotOnTarget',
        field: 'localIpAddress',
        message: expect.any(String),
      }),
    });
  });

  it('--json prints bad flags as JSON too; without it they stay human text on stderr', async () => {
    const json = await cli.run(['verify', '--vm', 'x', '--direction', 'sideways', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'USAGE', message: expect.stringMatching(/--direction must be Inbound or Outbound/) },
    });
    const human = await cli.run(['verify', '--vm', 'x', '--direction', 'sideways']);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/^Usage: flowverify verify /m);
  });

  it('export accepts --json (the export is JSON) and reports errors as JSON', async () => {
    const ok = await cli.run(['export', '--workspace', 'shop', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toBeTruthy();
    const missing = await cli.run(['export', '--workspace', 'nope', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: expect.any(String) });
  });
});
