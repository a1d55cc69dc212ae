/**
 * flowDiff over HTTP against a fresh database: given flows between any two workspaces (changed, not comparable,
 * paged), errors, and the engine's range diff of a draft on a small network.
 */
import { buildSmallNetwork, inbound, NIC, NSG, RG, startTestApi, VERIFY, VM, type TestApi } from './helpers';

jest.setTimeout(60_000);

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
  await api.ok(`mutation { createWorkspace(input: { name: "other" }) { workspace { name } } }`);
  await buildSmallNetwork(api, 'other');
  await api.ok(
    `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { id } } }`,
    {
      i: {
        workspace: 'other',
        id: `${NSG}/securityRules/allow-http`,
        expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-http`, 'other'),
        patch: { destinationPortRange: '443' },
      },
    },
  );
}, 180_000);

afterAll(async () => {
  await api?.close();
});

const FLOW_DIFF = `query($i: FlowDiffInput!) { flowDiff(input: $i) {
  totalCount newlyAllowed newlyDenied notComparable comparedFlows rangeDiffAvailable truncated summary
  edges { cursor node { change index description
    example { workspace targetResourceId direction protocol localIpAddress localPort remoteIpAddress remotePort }
    before { access ruleName error } after { access ruleName error }
    range { protocol source destination sourceAddresses destinationAddresses sourcePorts destinationPorts
      rulesBefore { layer ruleName access side } rulesAfter { layer ruleName access side } } } }
  pageInfo { hasNextPage endCursor }
} }`;

interface Entry {
  change: string;
  index: number | null;
  description: string;
  example: Record<string, string>;
  before: { access: string | null; ruleName: string | null; error: string | null };
  after: { access: string | null; ruleName: string | null; error: string | null };
  range: null | {
    protocol: string;
    source: string;
    destination: string;
    sourceAddresses: string[];
    destinationAddresses: string[];
    destinationPorts: string[];
    rulesAfter: { ruleName: string | null; access: string }[];
  };
}
interface Diff {
  totalCount: number;
  newlyAllowed: number;
  newlyDenied: number;
  notComparable: number;
  comparedFlows: number;
  rangeDiffAvailable: boolean;
  summary: string[];
  edges: { cursor: string; node: Entry }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const diff = async (input: Record<string, unknown>) =>
  (await api.ok<{ flowDiff: Diff }>(FLOW_DIFF, { i: input })).flowDiff;

describe('flowDiff', () => {
  it('lists the given flows whose verdict differs between two workspaces, with the rules on both sides', async () => {
    const d = await diff({
      base: 'default',
      compare: 'other',
      ranges: false,
      flows: [inbound('80'), inbound('443'), inbound('22')],
    });
    expect(d).toMatchObject({
      totalCount: 2,
      newlyAllowed: 1,
      newlyDenied: 1,
      notComparable: 0,
      comparedFlows: 3,
    });
    const [first, second] = d.edges.map((e) => e.node);
    expect(first).toMatchObject({
      change: 'NEWLY_DENIED',
      index: 0,
      range: null,
      example: { workspace: 'other', localPort: '80', direction: 'INBOUND' },
      before: { access: 'ALLOW', ruleName: 'securityRules/allow-http' },
      after: { access: 'DENY', ruleName: 'defaultSecurityRules/DenyAllInBound' },
    });
    expect(first!.description).toBe(
      'Inbound TCP 203.0.113.7:40000 → web-vm 10.0.1.4:80: Allow (securityRules/allow-http) → Deny (defaultSecurityRules/DenyAllInBound)',
    );
    expect(second).toMatchObject({ change: 'NEWLY_ALLOWED', index: 1 });
    expect(d.summary).toEqual([
      '1 flow newly denied to web-vm (TCP 80)',
      '1 flow newly allowed to web-vm (TCP 443)',
      '2 of 3 given flows change verdict',
    ]);
  });

  it('pages the entries and marks flows one model cannot evaluate as NOT_COMPARABLE', async () => {
    const ghost = inbound('80', {
      targetResourceId: `${RG}/providers/Microsoft.Compute/virtualMachines/ghost`,
    });
    const flows = [inbound('80'), inbound('443'), inbound('80', { remotePort: '40001' }), ghost];
    const page1 = await diff({ base: 'default', compare: 'other', ranges: false, flows, first: 2 });
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await diff({
      base: 'default',
      compare: 'other',
      ranges: false,
      flows,
      first: 2,
      after: page1.pageInfo.endCursor,
    });
    // The ghost VM is in neither model: the same error on both sides is no change.
    expect(page2.edges.map((e) => e.node.index)).toEqual([2]);
    expect(page2).toMatchObject({ totalCount: 3, comparedFlows: 4, pageInfo: { hasNextPage: false } });

    await api.ok(`mutation { createDraft(input: { workspace: "other", name: "more" }) { draft { name } } }`);
    await api.ok(`mutation($i: DeleteResourceInput!) { deleteVirtualMachine(input: $i) { deletedId } }`, {
      i: {
        workspace: 'other~more',
        id: `${RG}/providers/Microsoft.Compute/virtualMachines/web-vm`,
        expectedVersion: await api.versionOf(
          `${RG}/providers/Microsoft.Compute/virtualMachines/web-vm`,
          'other~more',
        ),
      },
    });
    const gone = await diff({ base: 'other', compare: 'other~more', ranges: false, flows: [inbound('443')] });
    expect(gone).toMatchObject({ totalCount: 1, notComparable: 1 });
    expect(gone.edges[0]!.node).toMatchObject({ change: 'NOT_COMPARABLE', before: { access: 'ALLOW' } });
    expect(gone.edges[0]!.node.after.error).toMatch(/NotFound/);
  });

  it('refuses unknown workspaces', async () => {
    const r = await api.gql(FLOW_DIFF, { i: { base: 'default', compare: 'nope', flows: [] } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NotFound' });
  });

  it('range diff: opening TCP 22 in a draft shows the newly allowed ranges with the rule and a working example', async () => {
    await api.ok(`mutation { createDraft(input: { name: "ssh" }) { draft { name } } }`);
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { id } } }`,
      {
        i: {
          workspace: 'default~ssh',
          id: `${NSG}/securityRules/allow-http`,
          expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-http`, 'default~ssh'),
          patch: { destinationPortRanges: ['80', '22'] },
        },
      },
    );
    const d = await diff({ base: 'default', compare: 'default~ssh', first: 500 });
    expect(d.rangeDiffAvailable).toBe(true);
    expect(d.newlyDenied).toBe(0);
    expect(d.newlyAllowed).toBeGreaterThan(0);
    const entries = d.edges.map((e) => e.node);
    for (const e of entries) {
      expect(e.change).toBe('NEWLY_ALLOWED');
      expect(e.range!.destinationPorts).toEqual(['22']);
      expect(e.range!.destination).toBe('web-vm');
      expect(e.range!.rulesAfter.map((r) => r.ruleName)).toContain('securityRules/allow-http');
      // The example opens in IP flow verify and is allowed in the draft, denied live.
      const { workspace, ...flow } = e.example;
      const after = await api.ok<{ verifyFlow: { access: string } }>(VERIFY, { i: { ...flow, workspace } });
      expect(after.verifyFlow.access).toBe('ALLOW');
      const before = await api.ok<{ verifyFlow: { access: string } }>(VERIFY, {
        i: { ...flow, workspace: 'default' },
      });
      expect(before.verifyFlow.access).toBe('DENY');
    }
    expect(entries.some((e) => e.range!.source === 'Internet')).toBe(true);
    expect(d.summary.some((s) => /newly allowed from Internet to web-vm \(TCP 22\)/.test(s))).toBe(true);
  });
  it('refuses networkInterfaceIds naming a NIC in neither model (a typo must not read as "nothing changes")', async () => {
    const r = await api.gql(FLOW_DIFF, {
      i: { base: 'default', compare: 'default~ssh', networkInterfaceIds: [NIC, `${NIC}-typo`] },
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NotFound',
      field: 'networkInterfaceIds',
      index: 1,
    });
    expect(r.errors?.[0]?.message).toContain(`${NIC}-typo`);
    // A known NIC, in any case, narrows the diff as before.
    const d = await diff({
      base: 'default',
      compare: 'default~ssh',
      networkInterfaceIds: [NIC.toUpperCase()],
    });
    expect(d.newlyAllowed).toBeGreaterThan(0);
  });
  it('a range on a stopped VM opens its example where the VM exists (the compare side), not in the base', async () => {
    const UPDATE_VM = `mutation($i: UpdateVirtualMachineInput!) { updateVirtualMachine(input: $i) { virtualMachine { id } } }`;
    for (const name of ['halt1', 'halt2']) {
      await api.ok(`mutation($n: String!) { createDraft(input: { name: $n }) { draft { name } } }`, {
        n: name,
      });
      await api.ok(UPDATE_VM, {
        i: {
          workspace: `default~${name}`,
          id: VM,
          expectedVersion: await api.versionOf(VM, `default~${name}`),
          powerState: 'VM deallocated',
        },
      });
    }
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { id } } }`,
      {
        i: {
          workspace: 'default~halt2',
          id: `${NSG}/securityRules/allow-http`,
          expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-http`, 'default~halt2'),
          patch: { destinationPortRanges: ['80', '22'] },
        },
      },
    );
    const d = await diff({ base: 'default~halt1', compare: 'default~halt2', first: 500 });
    expect(d.newlyAllowed).toBeGreaterThan(0);
    for (const { node } of d.edges) {
      expect(node.example.workspace).toBe('default~halt2');
      expect(node.after.error).toMatch(/VmNotRunning/);
    }
  });
});
