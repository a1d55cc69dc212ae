/* eslint-disable @typescript-eslint/no-explicit-any -- ad-hoc GraphQL response shapes, asserted by value */
import { seedDemo } from '../services/seed-demo';
import { startTestApi, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await seedDemo(api.db.prisma);
}, 120_000);
afterAll(() => api?.close());

const TOPOLOGY = `{ workspace(name: "default") { modelVersion topology {
  modelVersion
  virtualNetworks { id name addressPrefixes
    subnets { id name addressPrefixes networkSecurityGroup { id name } }
    peerings { name remoteVirtualNetworkId peeringState } }
  networkInterfaces { id name networkSecurityGroup { id name } virtualMachineId
    ipConfigurations { privateIPAddress subnetId applicationSecurityGroups { id name } } }
  virtualMachines { id name } } } }`;

/** The same facts through the paged, per-field API (what the topology page used to read). */
const PAGED = `{ workspace(name: "default") {
  virtualNetworks(first: 200) { edges { node { id name addressPrefixes
    subnets(first: 200) { edges { node { id name addressPrefixes networkSecurityGroup { id name } } } }
    virtualNetworkPeerings(first: 200) { edges { node { name remoteVirtualNetworkId peeringState } } } } } }
  networkInterfaces(first: 500) { edges { node { id name networkSecurityGroup { id name } virtualMachine { id }
    ipConfigurations(first: 10) { edges { node { privateIPAddress subnet { id } applicationSecurityGroups { id name } } } } } } }
  virtualMachines(first: 500) { edges { node { id name } } } } }`;

describe('Workspace.topology', () => {
  it('returns exactly what the paged API returns, in one field, at the current model version', async () => {
    const { workspace: ws } = await api.ok<{ workspace: any }>(TOPOLOGY);
    const { workspace: paged } = await api.ok<{ workspace: any }>(PAGED);
    const topo = ws.topology;
    expect(topo.modelVersion).toBe(ws.modelVersion);
    expect(topo.virtualNetworks).toEqual(
      paged.virtualNetworks.edges.map(({ node: v }: any) => ({
        id: v.id,
        name: v.name,
        addressPrefixes: v.addressPrefixes,
        subnets: v.subnets.edges.map((e: any) => e.node),
        peerings: v.virtualNetworkPeerings.edges.map((e: any) => e.node),
      })),
    );
    expect(topo.networkInterfaces).toEqual(
      paged.networkInterfaces.edges.map(({ node: n }: any) => ({
        id: n.id,
        name: n.name,
        networkSecurityGroup: n.networkSecurityGroup,
        virtualMachineId: n.virtualMachine?.id ?? null,
        ipConfigurations: n.ipConfigurations.edges.map(({ node: c }: any) => ({
          privateIPAddress: c.privateIPAddress,
          subnetId: c.subnet?.id ?? null,
          applicationSecurityGroups: c.applicationSecurityGroups,
        })),
      })),
    );
    expect(topo.virtualMachines).toEqual(paged.virtualMachines.edges.map((e: any) => e.node));
    // The demo network has what the graph draws: peerings, NSG and ASG badges, a VM with two NICs.
    expect(topo.virtualNetworks.some((v: any) => v.peerings.length > 0)).toBe(true);
    expect(
      topo.networkInterfaces.some((n: any) =>
        n.ipConfigurations.some((c: any) => c.applicationSecurityGroups.length > 0),
      ),
    ).toBe(true);
    const nicsPerVm = new Map<string, number>();
    for (const n of topo.networkInterfaces)
      if (n.virtualMachineId) nicsPerVm.set(n.virtualMachineId, (nicsPerVm.get(n.virtualMachineId) ?? 0) + 1);
    expect(Math.max(...nicsPerVm.values())).toBeGreaterThan(1);
  });

  it('is empty for an empty workspace, and follows writes with a new modelVersion', async () => {
    await api.ok(`mutation { createWorkspace(input: { name: "empty-topology" }) { workspace { id } } }`);
    const empty = await api.ok<{ workspace: any }>(
      `{ workspace(name: "empty-topology") { topology { modelVersion virtualNetworks { id } networkInterfaces { id } virtualMachines { id } } } }`,
    );
    expect(empty.workspace.topology).toMatchObject({
      virtualNetworks: [],
      networkInterfaces: [],
      virtualMachines: [],
    });
    const before = empty.workspace.topology.modelVersion;
    await api.ok(
      `mutation { createVirtualNetwork(input: { workspace: "empty-topology", resourceGroup: "rg", name: "v1", location: "westeurope", addressPrefixes: ["10.9.0.0/16"] }) { virtualNetwork { id } } }`,
    );
    const after = await api.ok<{ workspace: any }>(
      `{ workspace(name: "empty-topology") { topology { modelVersion virtualNetworks { name addressPrefixes subnets { id } peerings { name } } } } }`,
    );
    expect(after.workspace.topology.modelVersion).toBeGreaterThan(before);
    expect(after.workspace.topology.virtualNetworks).toEqual([
      { name: 'v1', addressPrefixes: ['10.9.0.0/16'], subnets: [], peerings: [] },
    ]);
  });

  it('is read-protected like the workspace: a user without membership gets no topology', async () => {
    const outsider = await api.createUser('topology-outsider');
    const res = await api.gqlAs<{ workspace: unknown }>(outsider, TOPOLOGY);
    // Like every workspace field: a workspace you may not read does not exist for you.
    expect(res.data).toEqual({ workspace: null });
  });
});
