// Shared helpers for the load and bench scripts (not tests): argument parsing, a loopback-only GraphQL client and
// a generator for a synthetic workspace imported through the API's own importAzureResources mutation.
import { parseArgs } from 'node:util';

export function readArgs(options) {
  const { values } = parseArgs({ options: { url: { type: 'string' }, ...options }, allowPositionals: false });
  const url = new URL(values.url ?? 'http://127.0.0.1:4000/graphql');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`Refusing to load ${url.hostname}: these scripts only target loopback addresses.`);
  }
  return { ...values, url: url.toString() };
}

/** JSON + the caller's token (FLOWVERIFY_TOKEN, sent as a Bearer header: every operation but /healthz needs one). */
export function requestHeaders() {
  const token = process.env.FLOWVERIFY_TOKEN;
  return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

export async function gql(url, query, variables) {
  const res = await fetch(url, {
    method: 'POST',
    headers: requestHeaders(),
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`GraphQL error: ${JSON.stringify(body.errors[0])}`);
  return body.data;
}

const SUB = '00000000-0000-0000-0000-000000000000';
const rg = (name) => `/subscriptions/${SUB}/resourceGroups/${name}/providers`;

/**
 * A synthetic estate in `az ... list` (flattened) shape, grouped by kind: one VNet 10.0.0.0/16, `subnets` subnets
 * (/24), one NSG per subnet with `rulesPerNsg` custom rules, and `vms` VMs spread over the subnets (one NIC each).
 */
export function generateEstate({ vms, subnets, rulesPerNsg, resourceGroup = 'rg-bench' }) {
  const base = rg(resourceGroup);
  const vnetId = `${base}/Microsoft.Network/virtualNetworks/vnet-bench`;
  const nsgs = [];
  const subnetList = [];
  for (let s = 0; s < subnets; s++) {
    const nsgId = `${base}/Microsoft.Network/networkSecurityGroups/nsg-${s}`;
    const securityRules = [];
    for (let r = 0; r < rulesPerNsg; r++) {
      const inbound = r % 4 !== 3;
      securityRules.push({
        name: `rule-${r}`,
        priority: 100 + r * 3,
        direction: inbound ? 'Inbound' : 'Outbound',
        access: r % 5 === 0 ? 'Deny' : 'Allow',
        protocol: r % 3 === 0 ? 'Udp' : 'Tcp',
        sourceAddressPrefix: r % 7 === 0 ? 'Internet' : `172.${16 + (r % 16)}.${r % 256}.0/24`,
        destinationAddressPrefix: r % 2 ? `10.0.${s}.0/24` : 'VirtualNetwork',
        sourcePortRange: '*',
        destinationPortRange: r % 6 === 0 ? `${1000 + r}-${1100 + r}` : String(1000 + r),
      });
    }
    nsgs.push({ id: nsgId, name: `nsg-${s}`, location: 'westeurope', securityRules });
    subnetList.push({
      id: `${vnetId}/subnets/subnet-${s}`,
      name: `subnet-${s}`,
      addressPrefix: `10.0.${s}.0/24`,
      networkSecurityGroup: { id: nsgId },
    });
  }
  const nics = [];
  const machines = [];
  for (let v = 0; v < vms; v++) {
    const s = v % subnets;
    const host = 4 + Math.floor(v / subnets);
    const nicId = `${base}/Microsoft.Network/networkInterfaces/nic-${v}`;
    nics.push({
      id: nicId,
      name: `nic-${v}`,
      location: 'westeurope',
      enableIPForwarding: false,
      ipConfigurations: [
        {
          id: `${nicId}/ipConfigurations/ipconfig1`,
          name: 'ipconfig1',
          privateIPAddress: `10.0.${s}.${host}`,
          primary: true,
          subnet: { id: `${vnetId}/subnets/subnet-${s}` },
        },
      ],
    });
    machines.push({
      id: `${base}/Microsoft.Compute/virtualMachines/vm-${v}`,
      name: `vm-${v}`,
      location: 'westeurope',
      networkProfile: { networkInterfaces: [{ id: nicId, primary: true }] },
      ip: `10.0.${s}.${host}`,
    });
  }
  const document = {
    virtualNetworks: [
      {
        id: vnetId,
        name: 'vnet-bench',
        location: 'westeurope',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: subnetList,
      },
    ],
    networkSecurityGroups: nsgs,
    networkInterfaces: nics,
    virtualMachines: machines.map(({ ip: _ip, ...vm }) => vm),
  };
  return { document, machines, nsgs };
}

export async function importEstate(url, workspace, estate) {
  await gql(url, `mutation($n: String!) { createWorkspace(input: { name: $n }) { workspace { name } } }`, {
    n: workspace,
  }).catch(() => undefined);
  return gql(
    url,
    `mutation($i: ImportAzureResourcesInput!) { importAzureResources(input: $i) { importedCount } }`,
    { i: { workspace, document: estate.document, replace: true } },
  );
}

/** A verifyFlow input against VM `i` of the estate. */
export function flowFor(estate, i, workspace, port = 1000 + (i % 50)) {
  const vm = estate.machines[i % estate.machines.length];
  return {
    workspace,
    targetResourceId: vm.id,
    direction: 'INBOUND',
    protocol: 'TCP',
    localIpAddress: vm.ip,
    localPort: String(port),
    remoteIpAddress: `172.${16 + (i % 16)}.${i % 256}.9`,
    remotePort: String(30000 + (i % 1000)),
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
