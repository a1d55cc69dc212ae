/**
 * Links between pages. Resources are addressed by ARM id (in `?id=`), and the workspace rides along in
 * `?workspace=` unless it is the default one.
 */
import { DEFAULT_WORKSPACE } from './verify-query';

export type ResourcePageKind = 'vnet' | 'subnet' | 'nsg' | 'asg' | 'nic' | 'vm' | 'network-manager';

const SEGMENT_KINDS: [RegExp, ResourcePageKind][] = [
  [/\/virtualnetworks\/[^/]+\/subnets\/[^/]+$/i, 'subnet'],
  [/\/virtualnetworks\/[^/]+$/i, 'vnet'],
  [/\/networksecuritygroups\/[^/]+$/i, 'nsg'],
  [/\/applicationsecuritygroups\/[^/]+$/i, 'asg'],
  [/\/networkinterfaces\/[^/]+$/i, 'nic'],
  [/\/virtualmachines\/[^/]+$/i, 'vm'],
  [/\/networkmanagers\/[^/]+$/i, 'network-manager'],
];

/** The page kind for an ARM id, or null for ids we have no page for (rules, groups …). */
export function resourcePageKind(armId: string): ResourcePageKind | null {
  for (const [pattern, kind] of SEGMENT_KINDS) if (pattern.test(armId)) return kind;
  return null;
}

/** The network manager an id lives under (groups, configurations, rule collections, admin rules). */
export function networkManagerIdOf(armId: string): string | null {
  const m = /^(.*\/networkmanagers\/[^/]+)/i.exec(armId);
  return m?.[1] ?? null;
}

/** The last segment of an ARM id: the resource's name. */
export function armName(armId: string): string {
  const parts = armId.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? armId;
}

/** Adds `workspace` to an href unless it is the default workspace. */
export function withWorkspace(href: string, workspace: string): string {
  if (!workspace || workspace === DEFAULT_WORKSPACE) return href;
  const [path, hash] = href.split('#', 2);
  const sep = path!.includes('?') ? '&' : '?';
  return `${path}${sep}workspace=${encodeURIComponent(workspace)}${hash !== undefined ? `#${hash}` : ''}`;
}

/** The page of a resource, or null when we have none. Admin rules etc. go to their network manager. */
export function resourceHref(armId: string, workspace: string): string | null {
  const kind = resourcePageKind(armId);
  if (kind) return withWorkspace(`/${kind}?id=${encodeURIComponent(armId)}`, workspace);
  const manager = networkManagerIdOf(armId);
  if (manager) return withWorkspace(`/network-manager?id=${encodeURIComponent(manager)}`, workspace);
  return null;
}
