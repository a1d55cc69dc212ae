import { isWholeIp, looksLikeIp, mergeVmHits, vmIps, vmsByIp, type VmHit } from './vm-search';

const vm = (name: string, ...ips: string[]): VmHit => ({
  id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  networkInterfaces: [{ ipConfigurations: { edges: ips.map((ip) => ({ node: { privateIPAddress: ip } })) } }],
});

const VMS = [
  vm('vm-web-01', '10.1.1.4'),
  vm('vm-app-01', '10.1.2.4'),
  vm('vm-nva-01', '10.0.4.4', '10.0.5.4'),
];

describe('looksLikeIp', () => {
  it.each(['10.1.2.4', '10.1.2', '10.', '10', 'fd00:db8::', '::1'])('%s could be an address', (t) => {
    expect(looksLikeIp(t)).toBe(true);
  });
  it.each(['', 'vm-app', 'app', '1234', 'face', '.'])('%s is a name', (t) => {
    expect(looksLikeIp(t)).toBe(false);
  });
});

describe('isWholeIp', () => {
  it('knows a complete address from a part', () => {
    expect(isWholeIp('10.1.2.4')).toBe(true);
    expect(isWholeIp('10.1.2')).toBe(false);
    expect(isWholeIp('10.1.2.400')).toBe(false);
    expect(isWholeIp('fd00:db8::1')).toBe(true);
    expect(isWholeIp('fd00:db8:')).toBe(false);
  });
});

describe('vmsByIp', () => {
  it('finds a VM by its whole address or the start of one', () => {
    expect(vmsByIp(VMS, '10.1.2.4').map((v) => v.name)).toEqual(['vm-app-01']);
    expect(vmsByIp(VMS, '10.1.2').map((v) => v.name)).toEqual(['vm-app-01']);
    expect(vmsByIp(VMS, '10.0.5.4').map((v) => v.name)).toEqual(['vm-nva-01']);
    expect(vmsByIp(VMS, '10.1').map((v) => v.name)).toEqual(['vm-web-01', 'vm-app-01']);
  });

  it('matches from an octet start only, not in the middle of a number', () => {
    expect(vmsByIp(VMS, '1.2.4').map((v) => v.name)).toEqual(['vm-app-01']);
    expect(vmsByIp(VMS, '.2.4').map((v) => v.name)).toEqual([]);
    expect(vmsByIp(VMS, '0.1.2')).toEqual([]);
  });

  it('lists every address of every NIC', () => {
    expect(vmIps(VMS[2]!)).toEqual(['10.0.4.4', '10.0.5.4']);
  });
});

describe('mergeVmHits', () => {
  it('keeps the first occurrence of each VM, name hits first', () => {
    const [web, app] = VMS;
    expect(mergeVmHits([app!], [web!, app!]).map((v) => v.name)).toEqual(['vm-app-01', 'vm-web-01']);
  });
});
