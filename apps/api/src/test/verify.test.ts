import { buildSmallNetwork, inbound, NSG, startTestApi, VERIFY, VM, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await buildSmallNetwork(api);
}, 120_000);
afterAll(() => api?.close());

describe('verifyFlow', () => {
  it('allows TCP 80 inbound through the subnet NSG rule, with Azure-style rule names', async () => {
    const data = await api.ok<{ verifyFlow: Record<string, unknown> }>(VERIFY, { i: inbound('80') });
    expect(data.verifyFlow).toMatchObject({
      access: 'ALLOW',
      ruleName: 'securityRules/allow-http',
      decidedBy: 'SUBNET_NSG',
      ruleKind: 'CUSTOM',
    });
    expect(String(data.verifyFlow.networkSecurityGroupId).toLowerCase()).toBe(NSG.toLowerCase());
  });

  it('denies other ports through the default rule', async () => {
    const data = await api.ok<{ verifyFlow: Record<string, unknown> }>(VERIFY, { i: inbound('22') });
    expect(data.verifyFlow).toMatchObject({
      access: 'DENY',
      ruleName: 'defaultSecurityRules/DenyAllInBound',
      ruleKind: 'DEFAULT',
    });
  });

  it('defaults the workspace to "default" and matches the VM id case-insensitively', async () => {
    const data = await api.ok<{ verifyFlow: Record<string, unknown> }>(VERIFY, {
      i: inbound('80', { targetResourceId: VM.toUpperCase(), workspace: null }),
    });
    expect(data.verifyFlow.access).toBe('ALLOW');
  });

  it('returns the trace only when selected', async () => {
    const data = await api.ok<{
      verifyFlow: { trace: { layer: string; result: string; rules: unknown[] | null }[] };
    }>(
      `query($i: VerifyFlowInput!) { verifyFlow(input: $i) { access trace(detail: true) { layer id appliedTo result matchedRule { ruleName priority } rules { ruleName matched } } } }`,
      { i: inbound('80') },
    );
    expect(data.verifyFlow.trace.length).toBeGreaterThan(0);
    expect(data.verifyFlow.trace.some((l) => l.layer === 'SUBNET_NSG' && l.result === 'ALLOW')).toBe(true);
  });

  it.each([
    ['localIpAddress', '10.0.1.999', 'InvalidIpAddress'],
    ['localPort', '70000', 'InvalidPort'],
    ['localIpAddress', '10.0.1.5', 'LocalIpNotOnTarget'],
    ['targetResourceId', `${VM}-missing`, 'NotFound'],
  ])('rejects a bad %s (%s) with reason %s', async (field, value, reason) => {
    const r = await api.gql(VERIFY, { i: inbound('80', { [field]: value }) });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
  });

  it.each([
    ['protocol', 'ICMP', 'InvalidProtocol'],
    ['direction', 'SIDEWAYS', 'InvalidDirection'],
    ['localPort', 80, 'InvalidPort'],
  ])('rejects %s %s (refused by GraphQL itself) with reason %s', async (field, value, reason) => {
    const r = await api.gql(VERIFY, { i: inbound('80', { [field]: value }) });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
  });

  it('rejects a NIC that is not on the VM', async () => {
    const other = await api.ok(
      `mutation($i: CreateNetworkInterfaceInput!) { createNetworkInterface(input: $i) { networkInterface { id } } }`,
      {
        i: {
          resourceGroup: 'rg',
          name: 'loose-nic',
          ipConfigurations: [
            {
              name: 'c',
              privateIPAddress: '10.0.2.9',
              subnetId: `${VM.split('/providers/')[0]}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/db`,
            },
          ],
        },
      },
    );
    expect(other).toBeTruthy();
    const r = await api.gql(VERIFY, {
      i: inbound('80', {
        targetNicResourceId: `${VM.split('/providers/')[0]}/providers/Microsoft.Network/networkInterfaces/loose-nic`,
      }),
    });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NicNotAttachedToVm' });
  });

  it('names an unknown workspace', async () => {
    const r = await api.gql(VERIFY, { i: inbound('80', { workspace: 'nope' }) });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NotFound',
      field: 'workspace',
    });
  });
});

describe('verifyFlows', () => {
  const VERIFY_MANY = `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access ruleName } }`;

  it('answers 10,000 flows in one call', async () => {
    const inputs = Array.from({ length: 10_000 }, (_, i) => inbound(String(i % 2 ? 80 : 443)));
    const data = await api.ok<{ verifyFlows: { access: string }[] }>(VERIFY_MANY, { i: inputs });
    expect(data.verifyFlows).toHaveLength(10_000);
    expect(data.verifyFlows[1]!.access).toBe('ALLOW');
    expect(data.verifyFlows[0]!.access).toBe('DENY');
  }, 60_000);

  it('fails the whole call on one bad flow, naming its index', async () => {
    const inputs = [inbound('80'), inbound('80'), inbound('80'), inbound('abc')];
    const r = await api.gql(VERIFY_MANY, { i: inputs });
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.message).toMatch(/^inputs\[3\]\.localPort: /);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidPort',
      index: 3,
      field: 'localPort',
    });
  });
});

describe('verifyFlows errors GraphQL raises itself', () => {
  const VERIFY_MANY = `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access ruleName } }`;

  it('names the index of a flow GraphQL itself refuses', async () => {
    const r = await api.gql(VERIFY_MANY, { i: [inbound('80'), inbound('80', { protocol: 'ICMP' })] });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'InvalidProtocol',
      index: 1,
      field: 'protocol',
    });
  });

  it('names a required field left out, or a field the input does not have, with the flow index', async () => {
    const { localPort: _dropped, ...withoutPort } = inbound('80');
    const missing = await api.gql(VERIFY_MANY, { i: [inbound('80'), withoutPort] });
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MissingField',
      field: 'localPort',
      index: 1,
    });
    const extra = await api.gql(VERIFY_MANY, { i: [{ ...inbound('80'), localPrt: '80' }] });
    expect(extra.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UnknownField',
      field: 'localPrt',
      index: 0,
    });
  });

  it('names the index of a flow in an unknown workspace', async () => {
    const r = await api.gql(VERIFY_MANY, { i: [inbound('80'), inbound('80', { workspace: 'nope' })] });
    expect(r.errors?.[0]?.message).toMatch(/^inputs\[1\]\.workspace: /);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NotFound',
      index: 1,
      field: 'workspace',
    });
  });
});

describe('cache invalidation', () => {
  it('flips the verdict after the rule is edited', async () => {
    const before = await api.ok<{ verifyFlow: { access: string } }>(VERIFY, { i: inbound('80') });
    expect(before.verifyFlow.access).toBe('ALLOW');
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { access version } } }`,
      {
        i: {
          id: `${NSG}/securityRules/allow-http`,
          expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-http`),
          patch: { access: 'DENY' },
        },
      },
    );
    const after = await api.ok<{ verifyFlow: { access: string; ruleName: string } }>(VERIFY, {
      i: inbound('80'),
    });
    expect(after.verifyFlow).toMatchObject({ access: 'DENY', ruleName: 'securityRules/allow-http' });
    await api.ok(
      `mutation($i: UpdateSecurityRuleInput!) { updateSecurityRule(input: $i) { securityRule { access } } }`,
      {
        i: {
          id: `${NSG}/securityRules/allow-http`,
          expectedVersion: await api.versionOf(`${NSG}/securityRules/allow-http`),
          patch: { access: 'ALLOW' },
        },
      },
    );
  });

  it('sees writes made by another process (version check), not only in-process invalidation', async () => {
    await api.ok(VERIFY, { i: inbound('80') });
    // Another API process: a direct database write that bumps the workspace version.
    const ws = await api.db.prisma.workspace.findUniqueOrThrow({ where: { name: 'default' } });
    await api.db.prisma.$transaction(async (tx) => {
      await tx.securityRule.updateMany({
        where: { workspaceId: ws.id, name: 'allow-http' },
        data: { access: 'Deny' },
      });
      await tx.workspace.update({ where: { id: ws.id }, data: { version: { increment: 1 } } });
    });
    const after = await api.ok<{ verifyFlow: { access: string } }>(VERIFY, { i: inbound('80') });
    expect(after.verifyFlow.access).toBe('DENY');
    await api.db.prisma.$transaction(async (tx) => {
      await tx.securityRule.updateMany({
        where: { workspaceId: ws.id, name: 'allow-http' },
        data: { access: 'Allow' },
      });
      await tx.workspace.update({ where: { id: ws.id }, data: { version: { increment: 1 } } });
    });
  });
});
