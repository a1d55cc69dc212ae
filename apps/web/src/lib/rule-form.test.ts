import {
  describeSide,
  emptyRuleForm,
  formToCreateInput,
  formToPatch,
  mapRuleErrors,
  ruleToForm,
  splitList,
  swapPriorities,
  type RuleLike,
} from './rule-form';

const rule: RuleLike = {
  name: 'allow-ssh',
  description: null,
  priority: 100,
  direction: 'INBOUND',
  access: 'ALLOW',
  protocol: 'TCP',
  sourceAddressPrefix: null,
  sourceAddressPrefixes: ['10.0.0.0/8', '192.168.0.0/16'],
  sourceApplicationSecurityGroups: [],
  destinationAddressPrefix: '*',
  destinationAddressPrefixes: [],
  destinationApplicationSecurityGroups: [{ id: 'asg-web' }],
  sourcePortRange: '*',
  sourcePortRanges: [],
  destinationPortRange: '22',
  destinationPortRanges: [],
};

describe('rule form', () => {
  it('splits lists on commas and spaces', () => {
    expect(splitList(' 10.0.0.0/8, 192.168.0.0/16  80 ')).toEqual(['10.0.0.0/8', '192.168.0.0/16', '80']);
    expect(splitList('')).toEqual([]);
  });

  it('reads a rule into the form', () => {
    expect(ruleToForm(rule)).toMatchObject({
      priority: '100',
      source: '10.0.0.0/8, 192.168.0.0/16',
      destination: '*',
      destinationAsgIds: ['asg-web'],
      destinationPorts: '22',
    });
  });

  it('creates with the singular form for one value and the plural for several', () => {
    const input = formToCreateInput({
      ...emptyRuleForm(),
      name: ' web ',
      priority: '200',
      destinationPorts: '80, 443',
    });
    expect(input).toEqual({
      name: 'web',
      priority: 200,
      direction: 'INBOUND',
      access: 'ALLOW',
      protocol: 'TCP',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: '*',
      sourcePortRange: '*',
      destinationPortRanges: ['80', '443'],
    });
  });

  it('lets the API report a non-numeric priority on the priority field', () => {
    expect(formToCreateInput({ ...emptyRuleForm(), priority: 'abc' }).priority).toBe(0);
  });

  it('patches only what changed, clearing the unused singular/plural', () => {
    const before = ruleToForm(rule);
    expect(formToPatch(before, before)).toEqual({});
    const patch = formToPatch(before, {
      ...before,
      access: 'DENY',
      source: '10.0.0.0/8',
      destinationPorts: '22 2222',
    });
    expect(patch).toEqual({
      access: 'DENY',
      sourceAddressPrefix: '10.0.0.0/8',
      sourceAddressPrefixes: [],
      destinationPortRange: null,
      destinationPortRanges: ['22', '2222'],
    });
  });

  it('patches ASGs when the set changes, not when the order does', () => {
    const before = { ...ruleToForm(rule), sourceAsgIds: ['a', 'b'] };
    expect(formToPatch(before, { ...before, sourceAsgIds: ['b', 'a'] })).toEqual({});
    expect(formToPatch(before, { ...before, sourceAsgIds: ['a'] })).toEqual({
      sourceApplicationSecurityGroupIds: ['a'],
    });
  });

  it('maps API fields to form fields', () => {
    expect(
      mapRuleErrors({
        priority: 'taken',
        destinationPortRanges: 'bad range',
        sourceAddressPrefix: 'bad',
        weird: 'x',
      }),
    ).toEqual({
      byField: { priority: 'taken', destinationPorts: 'bad range', source: 'bad' },
      other: ['weird: x'],
    });
  });

  it('describes a side with prefixes and ASG names', () => {
    expect(describeSide(null, ['a', 'b'], [{ name: 'web' }])).toBe('a, b, ASG web');
    expect(describeSide(null, [], [])).toBe('—');
  });
});

describe('swapPriorities', () => {
  const rules = [
    { id: 'c', priority: 300 },
    { id: 'a', priority: 100 },
    { id: 'b', priority: 200 },
  ];
  it('swaps with the neighbour in priority order', () => {
    expect(swapPriorities(rules, 'b', -1)).toEqual([
      { id: 'b', priority: 100 },
      { id: 'a', priority: 200 },
    ]);
    expect(swapPriorities(rules, 'b', 1)).toEqual([
      { id: 'b', priority: 300 },
      { id: 'c', priority: 200 },
    ]);
  });
  it('does nothing at the ends', () => {
    expect(swapPriorities(rules, 'a', -1)).toBeNull();
    expect(swapPriorities(rules, 'c', 1)).toBeNull();
    expect(swapPriorities(rules, 'zz', 1)).toBeNull();
  });
});
