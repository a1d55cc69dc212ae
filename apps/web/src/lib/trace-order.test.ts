import { evaluationOrder, orderTrace, traceLayerLabel, type TraceLayerLike } from './trace-order';

const admin: TraceLayerLike = { layer: 'ADMIN_RULE', result: 'Continue', matchedRule: null };
const subnet: TraceLayerLike = {
  layer: 'SUBNET_NSG',
  result: 'Allow',
  matchedRule: { ruleName: 'securityRules/a' },
};
const nic: TraceLayerLike = {
  layer: 'NIC_NSG',
  result: 'Deny',
  matchedRule: { ruleName: 'securityRules/b' },
};

describe('orderTrace', () => {
  it('evaluates inbound admin → subnet → NIC and outbound admin → NIC → subnet', () => {
    expect(evaluationOrder('INBOUND')).toEqual(['ADMIN_RULE', 'SUBNET_NSG', 'NIC_NSG']);
    expect(evaluationOrder('OUTBOUND')).toEqual(['ADMIN_RULE', 'NIC_NSG', 'SUBNET_NSG']);
  });

  it('puts layers in evaluation order whatever order the trace lists them in', () => {
    const steps = orderTrace('INBOUND', [nic, admin, subnet], 'NIC_NSG');
    expect(steps.map((s) => s.kind)).toEqual(['ADMIN_RULE', 'SUBNET_NSG', 'NIC_NSG']);
    expect(steps.map((s) => s.state)).toEqual(['passed', 'passed', 'decided']);
  });

  it('reverses the NSGs outbound and skips the layer after the deciding one', () => {
    const steps = orderTrace('OUTBOUND', [admin, nic, subnet], 'NIC_NSG');
    expect(steps.map((s) => [s.kind, s.state])).toEqual([
      ['ADMIN_RULE', 'passed'],
      ['NIC_NSG', 'decided'],
      ['SUBNET_NSG', 'skipped'],
    ]);
  });

  it('marks missing layers as absent (no NSG associated, no admin configuration)', () => {
    const steps = orderTrace('INBOUND', [subnet], 'SUBNET_NSG');
    expect(steps.map((s) => s.state)).toEqual(['absent', 'decided', 'absent']);
    expect(steps[0]?.layer).toBeNull();
  });

  it('lets an admin rule decide and everything after it be skipped', () => {
    const alwaysAllow = { ...admin, result: 'AlwaysAllow', matchedRule: { ruleName: 'allow-mgmt' } };
    const steps = orderTrace('INBOUND', [alwaysAllow, subnet, nic], 'ADMIN_RULE');
    expect(steps.map((s) => s.state)).toEqual(['decided', 'skipped', 'skipped']);
  });

  it('decides nothing when no layer decided (no NSG anywhere: allowed by default)', () => {
    const steps = orderTrace('INBOUND', [admin], 'NONE');
    expect(steps.map((s) => s.state)).toEqual(['passed', 'absent', 'absent']);
  });

  it('keeps the first copy of a duplicated layer', () => {
    const other = { ...subnet, result: 'Deny' };
    const steps = orderTrace('INBOUND', [subnet, other], 'SUBNET_NSG');
    expect(steps[1]?.layer).toBe(subnet);
  });

  it('labels layers for people', () => {
    expect(traceLayerLabel('ADMIN_RULE')).toBe('Security admin rules');
    expect(traceLayerLabel('NONE')).toBe('No rule');
  });
});
