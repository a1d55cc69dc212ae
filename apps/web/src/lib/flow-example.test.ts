import { flowExampleHref } from './flow-example';

describe('flowExampleHref', () => {
  const example = {
    targetResourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1',
    targetNicResourceId: null,
    direction: 'INBOUND' as const,
    protocol: 'TCP' as const,
    localIpAddress: '10.0.0.4',
    localPort: '22',
    remoteIpAddress: '203.0.113.7',
    remotePort: '40000',
  };

  it('opens the flow in IP flow verify in the draft', () => {
    const href = flowExampleHref(example, 'default~open-ssh');
    expect(href.startsWith('/verify?')).toBe(true);
    const params = new URLSearchParams(href.slice('/verify?'.length));
    expect(params.get('workspace')).toBe('default~open-ssh');
    expect(params.get('localPort')).toBe('22');
    expect(params.get('remoteIp')).toBe('203.0.113.7');
  });
});
