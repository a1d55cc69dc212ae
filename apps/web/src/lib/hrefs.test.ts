import { armName, networkManagerIdOf, resourceHref, resourcePageKind, withWorkspace } from './hrefs';

const net = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network';

describe('resource links', () => {
  it.each([
    [`${net}/virtualNetworks/hub`, 'vnet'],
    [`${net}/virtualNetworks/hub/subnets/web`, 'subnet'],
    [`${net}/networkSecurityGroups/web-nsg`, 'nsg'],
    [`${net}/applicationSecurityGroups/web`, 'asg'],
    [`${net}/networkInterfaces/nic1`, 'nic'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1', 'vm'],
    [`${net}/networkManagers/avnm`, 'network-manager'],
    [`${net}/networkSecurityGroups/web-nsg/securityRules/allow-ssh`, null],
    [`${net}/NETWORKSECURITYGROUPS/upper`, 'nsg'],
  ])('knows the page kind of %s', (id, kind) => {
    expect(resourcePageKind(id)).toBe(kind);
  });

  it('sends admin rules and groups to their network manager', () => {
    const rule = `${net}/networkManagers/avnm/securityAdminConfigurations/c/ruleCollections/rc/rules/r`;
    expect(networkManagerIdOf(rule)).toBe(`${net}/networkManagers/avnm`);
    expect(resourceHref(rule, 'default')).toBe(
      `/network-manager?id=${encodeURIComponent(`${net}/networkManagers/avnm`)}`,
    );
    expect(resourceHref(`${net}/networkSecurityGroups/n/securityRules/r`, 'default')).toBeNull();
  });

  it('keeps the workspace in links unless it is the default', () => {
    expect(withWorkspace('/verify', 'default')).toBe('/verify');
    expect(withWorkspace('/verify', 'team a')).toBe('/verify?workspace=team%20a');
    expect(withWorkspace('/nsg?id=x#rules', 'w')).toBe('/nsg?id=x&workspace=w#rules');
  });

  it('names resources by their last id segment', () => {
    expect(armName(`${net}/virtualNetworks/hub/subnets/web`)).toBe('web');
  });
});
