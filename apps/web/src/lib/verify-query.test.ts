import {
  decodeVerifyQuery,
  describeVerifyQuery,
  emptyVerifyQuery,
  encodeVerifyQuery,
  isVerifyQueryComplete,
  toVerifyFlowInput,
  verifyHref,
  type VerifyQuery,
} from './verify-query';

const vmId = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-1';
const full: VerifyQuery = {
  workspace: 'team-a',
  targetResourceId: vmId,
  targetNicResourceId: '',
  direction: 'OUTBOUND',
  protocol: 'UDP',
  localIpAddress: '10.0.1.4',
  localPort: '*',
  remoteIpAddress: '203.0.113.9',
  remotePort: '53',
};

describe('verify query <-> URL', () => {
  it('round-trips every field through search parameters', () => {
    const params = encodeVerifyQuery(full);
    expect(decodeVerifyQuery(params)).toEqual(full);
  });

  it('leaves empty optional fields out of the link', () => {
    const params = encodeVerifyQuery(full);
    expect(params.has('nic')).toBe(false);
    expect(params.get('vm')).toBe(vmId);
  });

  it('escapes ARM ids and wildcard ports in the href and decodes them back', () => {
    const href = verifyHref(full);
    expect(href.startsWith('/verify?workspace=team-a&vm=%2Fsubscriptions%2Fs1')).toBe(true);
    expect(decodeVerifyQuery(new URL(href, 'http://x').searchParams)).toEqual(full);
  });

  it.each([
    ['inbound', 'INBOUND'],
    ['Outbound', 'OUTBOUND'],
    ['nonsense', 'INBOUND'],
    [null, 'INBOUND'],
  ])('reads direction %p as %p', (value, expected) => {
    const params = new URLSearchParams(value === null ? '' : `direction=${value}`);
    expect(decodeVerifyQuery(params).direction).toBe(expected);
  });

  it.each([
    ['udp', 'UDP'],
    ['TCP', 'TCP'],
    ['icmp', 'TCP'],
  ])('reads protocol %p as %p', (value, expected) => {
    expect(decodeVerifyQuery(new URLSearchParams(`protocol=${value}`)).protocol).toBe(expected);
  });

  it('defaults the workspace and trims values', () => {
    const q = decodeVerifyQuery(new URLSearchParams('localIp=%2010.0.0.4%20'));
    expect(q.workspace).toBe('default');
    expect(q.localIpAddress).toBe('10.0.0.4');
  });

  it('knows when a query is complete', () => {
    expect(isVerifyQueryComplete(full)).toBe(true);
    expect(isVerifyQueryComplete(emptyVerifyQuery())).toBe(false);
    expect(isVerifyQueryComplete({ ...full, remotePort: '' })).toBe(false);
  });

  it('builds the API input with a null NIC when none is chosen', () => {
    expect(toVerifyFlowInput(full)).toEqual({
      workspace: 'team-a',
      targetResourceId: vmId,
      targetNicResourceId: null,
      direction: 'OUTBOUND',
      protocol: 'UDP',
      localIpAddress: '10.0.1.4',
      localPort: '*',
      remoteIpAddress: '203.0.113.9',
      remotePort: '53',
    });
  });

  it('describes the flow in the direction packets travel', () => {
    expect(describeVerifyQuery(full)).toBe('UDP 10.0.1.4:* → 203.0.113.9:53');
    expect(describeVerifyQuery({ ...full, direction: 'INBOUND' })).toBe('UDP 203.0.113.9:53 → 10.0.1.4:*');
  });
});
