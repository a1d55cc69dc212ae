/**
 * The demo seed: loads without issues, is idempotent, and seedDemoIfEmpty only seeds an empty "default".
 */
import { createTestDatabase, type TestDatabase } from '@flowverify/db/testing';
import { parseNetwork } from '@flowverify/engine';
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
