/**
 * Lookups across the model: by ARM id (case-insensitive), by IP address ("who owns this IP?"), by name.
 */
import type * as db from '../db';
import { parseAddressPrefix, parseIpAddress } from '../engine';
import { badInput } from '../errors';
import {
  findResourcesByArmIds,
  resourceTables,
  type ResourceTypename,
  type TaggedResource,
} from '../loaders';
import type { ServiceDeps } from './deps';
import { requireWorkspace } from './workspaces';

export async function findResourceByArmId(
  deps: ServiceDeps,
  workspace: string | null | undefined,
  armId: string,
): Promise<TaggedResource | null> {
  const ws = await requireWorkspace(deps, workspace);
  const [row] = await findResourcesByArmIds(deps.prisma, ws.id, [armId]);
  return row ?? null;
}

const KIND_TO_TYPENAME: Record<string, ResourceTypename> = {
  VIRTUAL_NETWORK: 'VirtualNetwork',
  SUBNET: 'Subnet',
  NETWORK_SECURITY_GROUP: 'NetworkSecurityGroup',
  APPLICATION_SECURITY_GROUP: 'ApplicationSecurityGroup',
  NETWORK_INTERFACE: 'NetworkInterface',
  VIRTUAL_MACHINE: 'VirtualMachine',
  NETWORK_MANAGER: 'NetworkManager',
  NETWORK_GROUP: 'NetworkGroup',
  SECURITY_ADMIN_CONFIGURATION: 'SecurityAdminConfiguration',
  ADMIN_RULE_COLLECTION: 'AdminRuleCollection',
  ADMIN_RULE: 'AdminRule',
};

/** Case-insensitive substring search on names; results ordered by type then name; offset paging. */
export async function searchResources(
  deps: ServiceDeps,
  args: { workspace?: string | null; query: string; kinds?: readonly string[] | null },
  window: { skip: number; take: number },
): Promise<{ rows: TaggedResource[]; total: number }> {
  const ws = await requireWorkspace(deps, args.workspace);
  const text = args.query.trim();
  if (text.length === 0 || text.length > 200) {
    throw badInput('InvalidQuery', 'query must be 1-200 characters.', { field: 'query' });
  }
  const tables = resourceTables(deps.prisma);
  const typenames = args.kinds?.length
    ? args.kinds.map((k) => KIND_TO_TYPENAME[k]!).filter(Boolean)
    : (Object.values(KIND_TO_TYPENAME) as ResourceTypename[]);
  // Prisma's `contains` is an ILIKE '%…%' that leaves LIKE's wildcards in the text alone: escape them (backslash is
  // Postgres' default LIKE escape) so "_" or "%" match themselves.
  const literal = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = { workspaceId: ws.id, name: { contains: literal, mode: 'insensitive' } };
  const limit = window.skip + window.take;
  const perType = await Promise.all(
    typenames.map(async (t) => {
      const table = tables[t] as unknown as {
        findMany(a: unknown): Promise<TaggedResource[]>;
        count(a: unknown): Promise<number>;
      };
      const [rows, count] = await Promise.all([
        table.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit }),
        table.count({ where }),
      ]);
      return { rows: rows.map((r) => ({ ...r, __typename: t })), count };
    }),
  );
  const all = perType.flatMap((p) => p.rows);
  const total = perType.reduce((n, p) => n + p.count, 0);
  return { rows: all.slice(window.skip, window.skip + window.take), total };
}

export interface IpOwnerResult {
  workspaceId: string;
  ipAddress: string;
  ipConfiguration: db.IpConfiguration | null;
  subnets: db.Subnet[];
  virtualNetworks: db.VirtualNetwork[];
}

function contains(prefixText: string, ip: { family: 4 | 6; v4: number; v6: bigint }): number {
  const parsed = parseAddressPrefix(prefixText, { allowHostBits: true });
  if (!parsed.ok) return -1;
  const p = parsed.value;
  if (p.family !== ip.family) return -1;
  const v = ip.family === 4 ? ip.v4 : ip.v6;
  return v >= p.first && v <= p.last ? p.length : -1;
}

/** Who owns this IP? The IP configuration holding it, and the subnets/VNets whose prefixes contain it. */
export async function findIpOwner(
  deps: ServiceDeps,
  workspace: string | null | undefined,
  ipAddress: string,
): Promise<IpOwnerResult> {
  const ws = await requireWorkspace(deps, workspace);
  const parsed = parseIpAddress(ipAddress.trim());
  if (!parsed.ok) throw badInput('InvalidIpAddress', parsed.message, { field: 'ipAddress' });
  const ip = parsed.value;
  const [configs, subnets, vnets] = await Promise.all([
    deps.prisma.ipConfiguration.findMany({
      where: { workspaceId: ws.id, privateIPAddress: { in: [ip.text, ipAddress.trim()] } },
      orderBy: { armId: 'asc' },
      take: 1,
    }),
    deps.prisma.subnet.findMany({ where: { workspaceId: ws.id } }),
    deps.prisma.virtualNetwork.findMany({ where: { workspaceId: ws.id } }),
  ]);
  const best = (prefixes: string[]) => Math.max(-1, ...prefixes.map((p) => contains(p, ip)));
  const matchingSubnets = subnets
    .map((s) => ({ s, len: best(s.addressPrefixes) }))
    .filter((x) => x.len >= 0)
    .sort((a, b) => b.len - a.len)
    .map((x) => x.s);
  const matchingVnets = vnets.filter((v) => best(v.addressPrefixes) >= 0);
  return {
    workspaceId: ws.id,
    ipAddress: ip.text,
    ipConfiguration: configs[0] ?? null,
    subnets: matchingSubnets,
    virtualNetworks: matchingVnets,
  };
}
