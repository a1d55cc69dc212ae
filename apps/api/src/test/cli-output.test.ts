/**
 * The CLI as scripts use it: az's `-g/--resource-group` for names, and `--json` answers errors as JSON on standard
 * output too (exit 2), so a script reads one stream whatever happens.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';
import { createLogger } from '../logger';
import { createServer, type FlowverifyServer } from '../server';
import { insertApiToken } from '../services/api-tokens';
import { importAzureDocument } from '../services/import-azure-resources';
import { buildCli, runCli as runFlowverify, type CliResult } from './cli-runner';

jest.setTimeout(120_000);

const fixtures = path.join(__dirname, '..', '..', 'test-fixtures');

let db: TestDatabase;
let token: string;
let server: FlowverifyServer;
let api: string;

function runCli(args: string[]): Promise<CliResult> {
  return runFlowverify(args, { FLOWVERIFY_API_URL: api, FLOWVERIFY_TOKEN: token });
}

beforeAll(async () => {
  await buildCli();
  db = await createTestDatabase();
  const az = ['vnet-list', 'nsg-list', 'asg-list', 'nic-list', 'vm-list'].map((f) =>
    JSON.parse(readFileSync(path.join(fixtures, 'az', `${f}.json`), 'utf8')),
  );
  await importAzureDocument(db.prisma, { workspace: 'shop', document: az });
  const admin = await db.prisma.user.create({ data: { name: 'cli-admin', isServerAdmin: true } });
  token = (await insertApiToken(db.prisma, { userId: admin.id, name: 'cli tests' })).secret;
  server = await createServer({ prisma: db.prisma, logger: createLogger('silent') });
  const { port } = await server.listen(0);
  api = `http://127.0.0.1:${port}/graphql`;
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

const verifyByName = (...extra: string[]) =>
  runCli([
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
    '10.1.1.4:443',
    '--remote',
    '13.107.21.200:50000',
    ...extra,
  ]);

describe('flowverify CLI for scripts', () => {
  it('verify: -g / --resource-group narrows a VM name to its resource group, as az does', async () => {
    const inGroup = await verifyByName('-g', 'RG-SHOP', '--json');
    expect(inGroup.code).toBe(0);
    expect(JSON.parse(inGroup.stdout)).toMatchObject({ access: 'Allow' });
    const long = await verifyByName('--resource-group', 'rg-shop');
    expect(long.code).toBe(0);
    const elsewhere = await verifyByName('-g', 'rg-other');
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/no VM named "vm-web-1" in the resource group "rg-other" of workspace/);
  });

  it('--json prints API errors as one JSON object on standard output, and still exits 2', async () => {
    const r = await runCli([
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
      '10.9.9.9:443',
      '--remote',
      '13.107.21.200:50000',
      '--json',
    ]);
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
    const json = await runCli(['verify', '--vm', 'x', '--direction', 'sideways', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'USAGE', message: expect.stringMatching(/--direction must be Inbound or Outbound/) },
    });
    const human = await runCli(['verify', '--vm', 'x', '--direction', 'sideways']);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/^Usage: flowverify verify /m);
  });

  it('export accepts --json (the export is JSON) and reports errors as JSON', async () => {
    const ok = await runCli(['export', '--workspace', 'shop', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toBeTruthy();
    const missing = await runCli(['export', '--workspace', 'nope', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: expect.any(String) });
  });
});
