/**
 * Azure's address-space rules that span resources (the engine validates each resource's syntax, not these):
 * a subnet's prefixes lie inside its VNet's address space and do not overlap its siblings; an IP configuration's
 * address lies inside its subnet and is unique within the VNet. Returns issues in the engine's shape (paths into
 * the NetworkInput); never throws.
 */
import { parseAddressPrefix, parseIpAddress, type Issue, type NetworkInput } from '../engine';

interface Range {
  family: 4 | 6;
  first: number | bigint;
  last: number | bigint;
  text: string;
}

function prefix(text: string): Range | null {
  const r = parseAddressPrefix(text);
  return r.ok ? r.value : null;
}

const inside = (inner: Range, outer: Range) =>
  inner.family === outer.family && inner.first >= outer.first && inner.last <= outer.last;
const overlaps = (a: Range, b: Range) => a.family === b.family && a.first <= b.last && b.first <= a.last;

export function checkTopology(input: NetworkInput): Issue[] {
  const issues: Issue[] = [];
  const subnetRanges = new Map<string, { ranges: Range[]; vnetKey: string }>();
  input.virtualNetworks.forEach((vnet, vi) => {
    const space = vnet.addressPrefixes.map(prefix).filter((r): r is Range => r !== null);
    const seen: { range: Range; subnet: string }[] = [];
    vnet.subnets.forEach((subnet, si) => {
      const ranges: Range[] = [];
      subnet.addressPrefixes.forEach((text, pi) => {
        const r = prefix(text);
        if (!r) return; // the engine reports the syntax
        ranges.push(r);
        const path = ['virtualNetworks', vi, 'subnets', si, 'addressPrefixes', pi];
        if (!space.some((s) => inside(r, s))) {
          issues.push({
            code: 'SubnetPrefixOutsideVirtualNetwork',
            path,
            message: `Subnet prefix ${r.text} is not inside the address space of virtual network '${vnet.name}' (${vnet.addressPrefixes.join(', ')}).`,
            resourceId: subnet.id,
            severity: 'error',
          });
        }
        const clash = seen.find((s) => overlaps(s.range, r));
        if (clash) {
          issues.push({
            code: 'OverlappingSubnetPrefix',
            path,
            message: `Subnet prefix ${r.text} overlaps ${clash.range.text} of subnet '${clash.subnet}'.`,
            resourceId: subnet.id,
            severity: 'error',
          });
        }
        seen.push({ range: r, subnet: subnet.name });
      });
      subnetRanges.set(subnet.id.toLowerCase(), { ranges, vnetKey: vnet.id.toLowerCase() });
    });
  });

  const addresses = new Map<string, string>();
  input.networkInterfaces.forEach((nic, ni) => {
    nic.ipConfigurations.forEach((cfg, ci) => {
      const ip = parseIpAddress(cfg.privateIPAddress);
      const subnet = subnetRanges.get(cfg.subnetId.toLowerCase());
      if (!ip.ok || !subnet) return;
      const path = ['networkInterfaces', ni, 'ipConfigurations', ci, 'privateIPAddress'];
      const v = ip.value.family === 4 ? ip.value.v4 : ip.value.v6;
      if (
        subnet.ranges.length > 0 &&
        !subnet.ranges.some((r) => r.family === ip.value.family && v >= r.first && v <= r.last)
      ) {
        issues.push({
          code: 'IpAddressOutsideSubnet',
          path,
          message: `${ip.value.text} is not inside its subnet (${subnet.ranges.map((r) => r.text).join(', ')}).`,
          resourceId: cfg.id ?? nic.id,
          severity: 'error',
        });
      }
      const key = `${subnet.vnetKey}|${ip.value.text}`;
      const holder = addresses.get(key);
      if (holder) {
        issues.push({
          code: 'DuplicatePrivateIpAddress',
          path,
          message: `${ip.value.text} is already used by '${holder}' in the same virtual network.`,
          resourceId: cfg.id ?? nic.id,
          severity: 'error',
        });
      } else {
        addresses.set(key, `${nic.name}/${cfg.name}`);
      }
    });
  });
  return issues;
}
