/**
 * Resource-level change sets between two ARM REST exports (`networkToArm`), pure.
 *
 * An export is flattened into one node per resource, children included (subnets, peerings, security rules, IP
 * configurations, network groups, admin configurations, rule collections, admin rules, service tags), keyed by the
 * lower-cased ARM id. A node's `body` is the resource without its child resources, so editing a rule changes the
 * rule, not its NSG. References such as `applicationSecurityGroups: [{ id }]` are not children: a child has an `id`,
 * a `name` and a `type`.
 */
import { canonical } from './import-write';

type Json = Record<string, unknown>;

export interface FlatNode {
  key: string;
  armId: string;
  kind: string;
  name: string;
  parentKey: string | null;
  /** Path of the array the resource sits in, inside its parent (e.g. ['properties', 'securityRules']). */
  slot: string[];
  /** The resource with its child arrays emptied. */
  body: Json;
}

export type FlatModel = Map<string, FlatNode>;

export type ChangeType = 'ADDED' | 'REMOVED' | 'MODIFIED';

export interface ResourceChange {
  armId: string;
  kind: string;
  name: string;
  change: ChangeType;
  before: Json | null;
  after: Json | null;
}

export interface DraftConflict {
  armId: string;
  kind: string;
  draftChange: ChangeType;
  liveChange: ChangeType;
  /** The live change's resource when it is the parent or child of the draft's (otherwise the same id). */
  liveArmId: string;
}

const SERVICE_TAGS_TYPE = 'microsoft.network/servicetags';
const SERVICE_TAG_KIND = 'Microsoft.Network/serviceTags';

const isChild = (v: unknown): v is Json =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as Json).id === 'string' &&
  typeof (v as Json).name === 'string' &&
  typeof (v as Json).type === 'string';

/** `{ value: [...] }` → one node per resource. */
export function flattenExport(doc: unknown): FlatModel {
  const out: FlatModel = new Map();
  const value = (doc as { value?: unknown } | null)?.value;
  for (const resource of Array.isArray(value) ? value : []) {
    if (typeof resource !== 'object' || resource === null) continue;
    const r = resource as Json;
    if (typeof r.type === 'string' && r.type.toLowerCase() === SERVICE_TAGS_TYPE) {
      for (const tag of Array.isArray(r.values) ? (r.values as Json[]) : []) {
        const name = String(tag.name);
        const key = `servicetags/${name.toLowerCase()}`;
        out.set(key, {
          key,
          armId: `serviceTags/${name}`,
          kind: SERVICE_TAG_KIND,
          name,
          parentKey: null,
          slot: [],
          body: tag,
        });
      }
      continue;
    }
    if (isChild(r)) addNode(out, r, null, []);
  }
  return out;
}

function addNode(out: FlatModel, resource: Json, parentKey: string | null, slot: string[]): void {
  const key = (resource.id as string).toLowerCase();
  const children: { child: Json; slot: string[] }[] = [];
  const body = stripChildren(resource, [], children) as Json;
  out.set(key, {
    key,
    armId: resource.id as string,
    kind: resource.type as string,
    name: resource.name as string,
    parentKey,
    slot,
    body,
  });
  for (const c of children) addNode(out, c.child, key, c.slot);
}

/** A deep copy of `value` with every array of child resources emptied; the children are collected with their slot. */
function stripChildren(value: unknown, path: string[], children: { child: Json; slot: string[] }[]): unknown {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isChild)) {
      for (const child of value) children.push({ child, slot: path });
      return [];
    }
    return value.map((v, i) => stripChildren(v, [...path, String(i)], children));
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Json = {};
    for (const [k, v] of Object.entries(value)) copy[k] = stripChildren(v, [...path, k], children);
    return copy;
  }
  return value;
}

/** Resource changes from `before` to `after`, in a stable order (by ARM id). */
export function diffModels(before: FlatModel, after: FlatModel): ResourceChange[] {
  const changes: ResourceChange[] = [];
  for (const [key, node] of before) {
    const next = after.get(key);
    if (!next) changes.push(change(node, 'REMOVED', node.body, null));
    else if (canonical(node.body) !== canonical(next.body))
      changes.push(change(next, 'MODIFIED', node.body, next.body));
  }
  for (const [key, node] of after) {
    if (!before.has(key)) changes.push(change(node, 'ADDED', null, node.body));
  }
  return changes.sort((a, b) => a.armId.toLowerCase().localeCompare(b.armId.toLowerCase()));
}

const change = (
  node: FlatNode,
  kind: ChangeType,
  before: Json | null,
  after: Json | null,
): ResourceChange => ({
  armId: node.armId,
  kind: node.kind,
  name: node.name,
  change: kind,
  before,
  after,
});

/** True when `a` and `b` are the same resource or one contains the other (case-insensitive ARM ids). */
export function overlaps(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

/** Draft changes that touch a resource (or its parent/child) the live workspace also changed. */
export function findConflicts(draft: ResourceChange[], live: ResourceChange[]): DraftConflict[] {
  const conflicts: DraftConflict[] = [];
  for (const d of draft) {
    for (const l of live) {
      if (!overlaps(d.armId, l.armId)) continue;
      conflicts.push({
        armId: d.armId,
        kind: d.kind,
        draftChange: d.change,
        liveChange: l.change,
        liveArmId: l.armId,
      });
    }
  }
  return conflicts;
}

/**
 * `target` with `changes` applied (taken from `source`, the model they were computed against): added nodes come
 * from `source`, removed nodes go with their descendants, modified nodes take the new body and keep `target`'s
 * children. Returns the new model and the keys of the top-level resources that changed.
 */
export function applyChanges(
  target: FlatModel,
  source: FlatModel,
  changes: ResourceChange[],
): { model: FlatModel; touchedRoots: Set<string> } {
  const model: FlatModel = new Map(target);
  const touchedRoots = new Set<string>();
  const rootOf = (key: string, ...models: FlatModel[]): string => {
    let k = key;
    for (;;) {
      const node = models.map((m) => m.get(k)).find(Boolean);
      if (!node?.parentKey) return k;
      k = node.parentKey;
    }
  };
  for (const c of changes) {
    const key = c.armId.toLowerCase();
    touchedRoots.add(rootOf(key, source, target));
    if (c.change === 'REMOVED') {
      for (const k of [...model.keys()]) if (k === key || k.startsWith(`${key}/`)) model.delete(k);
    } else {
      const node = source.get(key);
      if (node) model.set(key, node);
    }
  }
  return { model, touchedRoots };
}

/** The top-level resources `roots` as an ARM REST document (children rebuilt from the flat model). */
export function buildDocument(model: FlatModel, roots: Iterable<string>): { value: Json[] } {
  const childrenOf = new Map<string, FlatNode[]>();
  for (const node of model.values()) {
    if (!node.parentKey) continue;
    const list = childrenOf.get(node.parentKey) ?? [];
    list.push(node);
    childrenOf.set(node.parentKey, list);
  }
  const rebuild = (node: FlatNode): Json => {
    const copy = structuredClone(node.body);
    const kids = (childrenOf.get(node.key) ?? []).sort((a, b) => a.key.localeCompare(b.key));
    for (const kid of kids) {
      let at: unknown = copy;
      for (const step of kid.slot) {
        const holder = at as Record<string, unknown>;
        if (holder[step] === undefined) holder[step] = [];
        at = holder[step];
      }
      if (Array.isArray(at)) at.push(rebuild(kid));
    }
    return copy;
  };
  const value: Json[] = [];
  const tags: Json[] = [];
  for (const key of roots) {
    const node = model.get(key);
    if (!node) continue;
    if (node.kind === SERVICE_TAG_KIND) tags.push(node.body);
    else value.push(rebuild(node));
  }
  if (tags.length) value.push({ type: SERVICE_TAG_KIND, name: 'flowverify-user-service-tags', values: tags });
  return { value };
}
