#!/usr/bin/env node
// Import benchmark: generates an az-CLI-shaped export of about TARGET_MB (default 50) MB, then imports it
// into a fresh workspace with importAzureDocument and reports wall time per phase and peak RSS.
//   npm run build -w @flowverify/api && node apps/api/scripts/bench-import.mjs [TARGET_MB]
// Uses DATABASE_URL (a server you can create databases on) or an in-memory embedded Postgres.
// The target: 50 MB in <= 60 s with flat memory. Measured 2026-11-26 on the 2-core dev machine against
// PostgreSQL 15 (DATABASE_URL): 50.5 MB (102 VNets, 816 subnets/NSGs, 9,792 rules, 20,400 NICs and VMs) imported in
// 23.7 s (normalise 5.6 s, validate 2.0 s, write 15.3 s), peak RSS 586 MB; re-import (all unchanged) 17 s, 0 rows.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const { importAzureDocument } = require(
  path.join(here, '..', 'dist', 'services', 'import-azure-resources.js'),
);
const { createTestDatabase } = require('@flowverify/db/testing');

const targetBytes = Number(process.argv[2] ?? 50) * 1024 * 1024;
const SUB = '/subscriptions/12345678-1234-1234-1234-123456789012';

function generate(target) {
  const vnets = [];
  const nsgs = [];
  const asgs = [];
  const nics = [];
  const vms = [];
  let size = 0;
  for (let v = 0; size < target; v += 1) {
    const rg = `rg-spoke-${v}`;
    const base = `${SUB}/resourceGroups/${rg}/providers`;
    const vnetId = `${base}/Microsoft.Network/virtualNetworks/vnet-${v}`;
    const second = Math.floor(v / 250);
    const third = v % 250;
    const asgIds = ['web', 'app', 'db'].map(
      (t) => `${base}/Microsoft.Network/applicationSecurityGroups/asg-${t}-${v}`,
    );
    const chunk = [];
    asgIds.forEach((id, i) =>
      chunk.push([
        'asg',
        {
          id,
          name: `asg-${['web', 'app', 'db'][i]}-${v}`,
          location: 'westeurope',
          resourceGroup: rg,
          type: 'Microsoft.Network/applicationSecurityGroups',
          provisioningState: 'Succeeded',
        },
      ]),
    );
    const subnets = [];
    for (let s = 0; s < 8; s += 1) {
      const nsgId = `${base}/Microsoft.Network/networkSecurityGroups/nsg-${v}-${s}`;
      const prefix = `10.${second * 32 + s}.${third}.0/24`;
      const subnetId = `${vnetId}/subnets/snet-${s}`;
      subnets.push({
        addressPrefix: prefix,
        id: subnetId,
        name: `snet-${s}`,
        networkSecurityGroup: { id: nsgId, resourceGroup: rg },
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
        provisioningState: 'Succeeded',
        resourceGroup: rg,
        type: 'Microsoft.Network/virtualNetworks/subnets',
      });
      const rules = [];
      for (let r = 0; r < 12; r += 1) {
        rules.push({
          access: r % 5 === 4 ? 'Deny' : 'Allow',
          description: `generated rule ${r}`,
          destinationAddressPrefix: '*',
          destinationAddressPrefixes: [],
          destinationPortRange: String(1000 + r),
          destinationPortRanges: [],
          direction: r % 2 ? 'Outbound' : 'Inbound',
          id: `${nsgId}/securityRules/rule-${r}`,
          name: `rule-${r}`,
          priority: 100 + r * 10,
          protocol: r % 3 ? 'Tcp' : 'Udp',
          provisioningState: 'Succeeded',
          resourceGroup: rg,
          ...(r === 0
            ? { sourceApplicationSecurityGroups: [{ id: asgIds[0], resourceGroup: rg }] }
            : { sourceAddressPrefix: r % 4 ? 'VirtualNetwork' : 'Internet' }),
          sourceAddressPrefixes: [],
          sourcePortRange: '*',
          sourcePortRanges: [],
          type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        });
      }
      chunk.push([
        'nsg',
        {
          id: nsgId,
          name: `nsg-${v}-${s}`,
          location: 'westeurope',
          resourceGroup: rg,
          securityRules: rules,
          defaultSecurityRules: [],
          provisioningState: 'Succeeded',
          type: 'Microsoft.Network/networkSecurityGroups',
        },
      ]);
      for (let n = 0; n < 25; n += 1) {
        const nicId = `${base}/Microsoft.Network/networkInterfaces/nic-${v}-${s}-${n}`;
        const vmId = `${base}/Microsoft.Compute/virtualMachines/vm-${v}-${s}-${n}`;
        chunk.push([
          'nic',
          {
            dnsSettings: { appliedDnsServers: [], dnsServers: [] },
            enableAcceleratedNetworking: false,
            enableIPForwarding: false,
            id: nicId,
            ipConfigurations: [
              {
                applicationSecurityGroups: [{ id: asgIds[n % 3], resourceGroup: rg }],
                id: `${nicId}/ipConfigurations/ipconfig1`,
                name: 'ipconfig1',
                primary: true,
                privateIPAddress: `10.${second * 32 + s}.${third}.${n + 4}`,
                privateIPAddressVersion: 'IPv4',
                privateIPAllocationMethod: 'Dynamic',
                provisioningState: 'Succeeded',
                resourceGroup: rg,
                subnet: { id: subnetId, resourceGroup: rg },
                type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
              },
            ],
            location: 'westeurope',
            macAddress: '00-0D-3A-00-00-00',
            name: `nic-${v}-${s}-${n}`,
            provisioningState: 'Succeeded',
            resourceGroup: rg,
            type: 'Microsoft.Network/networkInterfaces',
            virtualMachine: { id: vmId, resourceGroup: rg },
          },
        ]);
        chunk.push([
          'vm',
          {
            hardwareProfile: { vmSize: 'Standard_B2s' },
            id: vmId,
            location: 'westeurope',
            name: `vm-${v}-${s}-${n}`,
            networkProfile: { networkInterfaces: [{ id: nicId, primary: null, resourceGroup: rg }] },
            osProfile: { adminUsername: 'azureuser', computerName: `vm-${v}-${s}-${n}` },
            powerState: 'VM running',
            provisioningState: 'Succeeded',
            resourceGroup: rg,
            storageProfile: { osDisk: { osType: 'Linux', name: `vm-${v}-${s}-${n}_OsDisk_1` } },
            type: 'Microsoft.Compute/virtualMachines',
          },
        ]);
      }
    }
    chunk.push([
      'vnet',
      {
        addressSpace: { addressPrefixes: subnets.map((s) => s.addressPrefix) },
        id: vnetId,
        location: 'westeurope',
        name: `vnet-${v}`,
        provisioningState: 'Succeeded',
        resourceGroup: rg,
        subnets,
        type: 'Microsoft.Network/virtualNetworks',
        virtualNetworkPeerings: [],
      },
    ]);
    for (const [kind, resource] of chunk) {
      size += JSON.stringify(resource).length + 1;
      ({ vnet: vnets, nsg: nsgs, asg: asgs, nic: nics, vm: vms })[kind].push(resource);
    }
  }
  // As a user has it: the five `az ... list` outputs in one array.
  return [vnets, nsgs, asgs, nics, vms];
}

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 50);
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const time = async (label, fn) => {
  const t0 = performance.now();
  const result = await fn();
  process.stdout.write(
    `${label.padEnd(10)} ${((performance.now() - t0) / 1000).toFixed(1)} s   (rss ${mb(process.memoryUsage().rss)})\n`,
  );
  return result;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowverify-bench-'));
const file = path.join(dir, 'az-export.json');
const db = await time('database', () => createTestDatabase());
try {
  await time('generate', () => writeFileSync(file, JSON.stringify(generate(targetBytes))));
  process.stdout.write(`file       ${mb(statSync(file).size)}\n`);
  const rssBefore = process.memoryUsage().rss;
  const document = await time('parse', () => JSON.parse(readFileSync(file, 'utf8')));
  const t0 = performance.now();
  const result = await time('import', () =>
    importAzureDocument(db.prisma, { workspace: 'bench', document, replace: true }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const c of result.counts) process.stdout.write(`  ${c.kind.padEnd(24)} ${c.created} created\n`);
  sample();
  process.stdout.write(
    `import of ${mb(statSync(file).size)}: ${seconds.toFixed(1)} s (target <= 60 s), peak rss ${mb(peakRss)} (${mb(peakRss - rssBefore)} above the parsed document's start)\n`,
  );
  const again = await time('re-import', () =>
    importAzureDocument(db.prisma, { workspace: 'bench', document }),
  );
  process.stdout.write(`re-import wrote ${again.importedCount} rows (idempotent)\n`);
} finally {
  clearInterval(sampler);
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
