/**
 * The demo seed: loads without issues, is idempotent, and seedDemoIfEmpty only seeds an empty "default".
 */
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';
import { createVerifier, parseNetwork } from '@flowverify/engine';
import { normalizeAzureDocument } from '../import/normalize';
import { exportWorkspace } from '../services/export-azure-resources';
import { readDemoNetwork, seedDemo, seedDemoIfEmpty } from '../services/seed-demo';

jest.setTimeout(120_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('demo seed', () => {
  it('is a valid hub-and-spoke network: no normaliser or engine issues', () => {
    const { input, issues, skipped } = normalizeAzureDocument(readDemoNetwork());
    expect(issues).toEqual([]);
    expect(skipped).toEqual([]);
    expect(parseNetwork(input).issues.filter((i) => i.severity !== 'warning')).toEqual([]);
    expect(input.virtualNetworks.map((v) => v.name)).toEqual([
      'vnet-hub',
      'vnet-spoke-app',
      'vnet-spoke-analytics',
    ]);
    expect(input.virtualNetworks.flatMap((v) => v.subnets)).toHaveLength(10);
    expect(input.virtualMachines).toHaveLength(12);
    const nva = input.networkInterfaces.filter((n) => n.name.startsWith('nic-nva'));
    expect(nva.map((n) => n.enableIPForwarding)).toEqual([true, true]);
    expect(input.virtualNetworks.flatMap((v) => v.virtualNetworkPeerings).map((p) => p.peeringState)).toEqual(
      Array(4).fill('Connected'),
    );
  });

  const vm = (name: string) =>
    `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo/providers/Microsoft.Compute/virtualMachines/${name}`;
  it.each([
    // [story, vm, direction, protocol, local, remote, access, rule]
    [
      'web is public on 443',
      'vm-web-01',
      'Inbound',
      'TCP',
      '10.1.1.4:443',
      '13.107.21.200:50000',
      'Allow',
      'securityRules/allow-http-https-internet',
    ],
    [
      'RDP from the internet is denied by the admin rule',
      'vm-web-01',
      'Inbound',
      'TCP',
      '10.1.1.4:3389',
      '13.107.21.200:50000',
      'Deny',
      'deny-rdp-from-internet',
    ],
    [
      'hub management keeps SSH (AlwaysAllow)',
      'vm-app-01',
      'Inbound',
      'TCP',
      '10.1.2.4:22',
      '10.0.3.4:50000',
      'Allow',
      'always-allow-hub-mgmt',
    ],
    [
      'web → app 8080 through the ASGs',
      'vm-app-01',
      'Inbound',
      'TCP',
      '10.1.2.4:8080',
      '10.1.1.4:50000',
      'Allow',
      'securityRules/allow-app-from-web',
    ],
    [
      'web → db is segmented away',
      'vm-db-01',
      'Inbound',
      'TCP',
      '10.1.3.4:1433',
      '10.1.1.4:50000',
      'Deny',
      'securityRules/deny-vnet-inbound',
    ],
    [
      'app → db 1433 through the ASGs',
      'vm-db-01',
      'Inbound',
      'TCP',
      '10.1.3.4:1433',
      '10.1.2.4:50000',
      'Allow',
      'securityRules/allow-sql-from-app',
    ],
    [
      'db never reaches the internet',
      'vm-db-01',
      'Outbound',
      'TCP',
      '10.1.3.4:50000',
      '13.107.21.200:443',
      'Deny',
      'securityRules/deny-internet-outbound',
    ],
    [
      'IPsec reaches the NVA',
      'vm-nva-01',
      'Inbound',
      'UDP',
      '10.0.4.4:500',
      '198.51.100.7:500',
      'Allow',
      'securityRules/allow-ipsec-internet',
    ],
  ])('tells its story: %s', (_story, name, direction, protocol, local, remote, access, ruleName) => {
    const { network } = parseNetwork(normalizeAzureDocument(readDemoNetwork()).input);
    const [localIp, localPort] = local.split(':') as [string, string];
    const [remoteIp, remotePort] = remote.split(':') as [string, string];
    // The NVA forwards IP on two NICs, so Azure requires the target NIC.
    const nic =
      name === 'vm-nva-01'
        ? vm(name).replace(/Compute\/virtualMachines\/.*$/, 'Network/networkInterfaces/nic-nva-01-external')
        : null;
    const result = createVerifier(network).verifyFlow({
      targetResourceId: vm(name),
      targetNicResourceId: nic,
      direction,
      protocol,
      localIpAddress: localIp,
      localPort,
      remoteIpAddress: remoteIp,
      remotePort,
    });
    expect(result).toMatchObject({ ok: true, verdict: { access, ruleName } });
  });

  it('seedDemoIfEmpty seeds an empty default workspace once', async () => {
    expect(await seedDemoIfEmpty(db.prisma)).toBe(true);
    expect(await seedDemoIfEmpty(db.prisma)).toBe(false);
    const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { name: 'default' } });
    expect(await db.prisma.virtualMachine.count({ where: { workspaceId: ws.id } })).toBe(12);
  });

  it('seedDemo is idempotent (replace-import gives the same model every time)', async () => {
    const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { name: 'default' } });
    const before = await exportWorkspace(db.prisma, ws.id);
    const first = await seedDemo(db.prisma);
    const second = await seedDemo(db.prisma);
    expect(second.counts).toEqual(first.counts);
    expect(await exportWorkspace(db.prisma, ws.id)).toEqual(before);
    expect(await db.prisma.workspace.count({ where: { name: 'default' } })).toBe(1);
  });
});
