/**
 * The VM picker finds a VM by name (the API's searchResources) and, like the Resources filter and the topology
 * search, by IP address: a typed address or the start of one (`10.1.2.4`, `10.1.2`, `fd00:db8::`) matches every VM
 * with a NIC address containing it.
 */
export interface VmHit {
  id: string;
  name: string;
  networkInterfaces: readonly {
    ipConfigurations: { edges: readonly { node: { privateIPAddress?: string | null } }[] };
  }[];
}

/** Text that could be (part of) an IPv4 or IPv6 address: worth searching the VMs' addresses for. */
export function looksLikeIp(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (/^[0-9.]+$/.test(t)) return /[0-9]/.test(t) && (t.includes('.') || t.length <= 3);
  return t.includes(':') && /^[0-9a-f:.]+$/i.test(t);
}

/** A complete IPv4 address (IPv6: any text with a colon the API can parse), worth asking the API who owns it. */
export function isWholeIp(text: string): boolean {
  const t = text.trim();
  const v4 = t.split('.');
  if (v4.length === 4) return v4.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
  return /^[0-9a-f:]+$/i.test(t) && t.split(':').length >= 3 && !t.endsWith(':');
}

/** Every private IP of the VM's NICs, in NIC order. */
export function vmIps(vm: VmHit): string[] {
  return vm.networkInterfaces.flatMap((n) =>
    n.ipConfigurations.edges.map((e) => e.node.privateIPAddress ?? '').filter((ip) => ip !== ''),
  );
}

/** The VMs with an address containing the typed text (an IPv4 fragment matches from an octet start). */
export function vmsByIp<T extends VmHit>(vms: readonly T[], text: string): T[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  return vms.filter((vm) =>
    vmIps(vm).some((ip) => {
      const a = ip.toLowerCase();
      if (a === needle || a.startsWith(needle)) return true;
      const at = a.indexOf(needle);
      return at > 0 && (a[at - 1] === '.' || a[at - 1] === ':');
    }),
  );
}

/** Name hits first, then address hits, each VM once. */
export function mergeVmHits<T extends { id: string }>(...lists: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const list of lists) {
    for (const vm of list) {
      const key = vm.id.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        out.push(vm);
      }
    }
  }
  return out;
}
