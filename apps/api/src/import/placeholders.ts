/**
 * Forward references in an import. People import the exports they have one file at a time and in any order:
 * `az network vnet list` names its subnets' NSGs, `az network nsg list` its rules' ASGs, before those lists are
 * in. A referenced NSG or ASG that is neither in the document nor in the workspace becomes a **placeholder** —
 * an NSG without custom rules or an ASG, named after its ARM id, in the referencing resource's region — with a
 * `PlaceholderCreated` warning, so the reference is kept; importing the real resource later fills it in (imports
 * update by ARM id). Other references (a NIC's subnet, a VM's NIC) carry data a placeholder cannot invent, so
 * they stay errors. Pure: no I/O.
 */
import type {
  ApplicationSecurityGroupInput,
  NetworkInput,
  NetworkSecurityGroupInput,
} from '@flowverify/engine';
import { armIdKey, parseArmId } from './arm-id';
import { findSourcePath } from './json-path';
import type { ImportIssue } from './normalize';

type Kind = 'networkSecurityGroups' | 'applicationSecurityGroups';

const EXPECTED_TYPE: Record<Kind, string> = {
  networkSecurityGroups: 'microsoft.network/networksecuritygroups',
  applicationSecurityGroups: 'microsoft.network/applicationsecuritygroups',
};

const WHAT: Record<Kind, string> = {
  networkSecurityGroups: 'network security group',
  applicationSecurityGroups: 'application security group',
};

/** One reference: the id it names, where it is (input path) and the region of the resource holding it. */
interface Reference {
  kind: Kind;
  id: string;
  path: (string | number)[];
  location: string | undefined;
}

function referencesOf(document: NetworkInput): Reference[] {
  const out: Reference[] = [];
  document.virtualNetworks.forEach((vnet, v) =>
    vnet.subnets.forEach((subnet, s) => {
      if (subnet.networkSecurityGroupId) {
        out.push({
          kind: 'networkSecurityGroups',
          id: subnet.networkSecurityGroupId,
          path: ['virtualNetworks', v, 'subnets', s, 'networkSecurityGroupId'],
          location: vnet.location,
        });
      }
    }),
  );
  document.networkInterfaces.forEach((nic, n) => {
    if (nic.networkSecurityGroupId) {
      out.push({
        kind: 'networkSecurityGroups',
        id: nic.networkSecurityGroupId,
        path: ['networkInterfaces', n, 'networkSecurityGroupId'],
        location: nic.location,
      });
    }
    nic.ipConfigurations.forEach((cfg, c) =>
      cfg.applicationSecurityGroupIds.forEach((id, a) =>
        out.push({
          kind: 'applicationSecurityGroups',
          id,
          path: ['networkInterfaces', n, 'ipConfigurations', c, 'applicationSecurityGroupIds', a],
          location: nic.location,
        }),
      ),
    );
  });
  document.networkSecurityGroups.forEach((nsg, g) =>
    nsg.securityRules.forEach((rule, r) => {
      for (const side of [
        'sourceApplicationSecurityGroupIds',
        'destinationApplicationSecurityGroupIds',
      ] as const) {
        (rule[side] ?? []).forEach((id, a) =>
          out.push({
            kind: 'applicationSecurityGroups',
            id,
            path: ['networkSecurityGroups', g, 'securityRules', r, side, a],
            location: nsg.location,
          }),
        );
      }
    }),
  );
  return out;
}

/**
 * The document with placeholders appended for NSGs and ASGs it references that neither it nor `existing` holds,
 * and one warning per placeholder (at the first reference to it). References that are not ARM ids of the right
 * type are left alone: the engine reports them.
 */
export function addPlaceholders<D extends NetworkInput>(
  document: D,
  existing: NetworkInput,
  sourcePaths: ReadonlyMap<string, string>,
): { document: D; issues: ImportIssue[] } {
  const known = new Set<string>();
  for (const net of [document, existing]) {
    for (const g of net.networkSecurityGroups) known.add(armIdKey(g.id));
    for (const a of net.applicationSecurityGroups) known.add(armIdKey(a.id));
  }
  const nsgs: NetworkSecurityGroupInput[] = [];
  const asgs: ApplicationSecurityGroupInput[] = [];
  const issues: ImportIssue[] = [];
  for (const ref of referencesOf(document)) {
    if (typeof ref.id !== 'string') continue;
    const key = armIdKey(ref.id);
    if (known.has(key)) continue;
    const parsed = parseArmId(ref.id);
    const name = parsed?.names.length === 1 ? parsed.names[0] : undefined;
    if (!parsed || name === undefined || parsed.type.toLowerCase() !== EXPECTED_TYPE[ref.kind]) continue;
    known.add(key);
    const location = ref.location ? { location: ref.location } : {};
    if (ref.kind === 'networkSecurityGroups') nsgs.push({ id: ref.id, name, ...location, securityRules: [] });
    else asgs.push({ id: ref.id, name, ...location });
    issues.push({
      code: 'PlaceholderCreated',
      path: findSourcePath(sourcePaths, ref.path),
      resourceId: ref.id,
      message:
        `${WHAT[ref.kind]} '${name}' is not in the workspace yet: a placeholder ` +
        `${ref.kind === 'networkSecurityGroups' ? 'with only the default rules' : 'without members'} ` +
        'keeps the reference until you import it',
      severity: 'warning',
    });
  }
  if (nsgs.length === 0 && asgs.length === 0) return { document, issues };
  return {
    document: {
      ...document,
      networkSecurityGroups: [...document.networkSecurityGroups, ...nsgs],
      applicationSecurityGroups: [...document.applicationSecurityGroups, ...asgs],
    },
    issues,
  };
}
