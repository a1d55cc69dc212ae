/**
 * Shadowed rules: rules that never decide, because in every context they apply to, whatever they match is
 * decided before them (§6.2, §8.5) — evaluated on the decision tables, i.e. over the tag, ASG and network
 * group expansions of each IP configuration. Such a rule never decides a verdict, and removing it changes
 * none.
 *
 * Evaluation order per direction: admin rules (first match; Deny and AlwaysAllow end evaluation, Allow
 * passes to the NSGs), then the NSG layers (inbound subnet → NIC, outbound NIC → subnet; a Deny ends
 * evaluation). A rule decides in a flow when every earlier layer passed and it is the first match of its
 * own layer. So:
 *  - an NSG rule is shadowed when higher-priority rules of its NSG, admin Deny / AlwaysAllow rules, or a
 *    Deny of the NSG evaluated before it (the subnet NSG for a NIC NSG inbound, and vice versa outbound)
 *    decide everything it matches;
 *  - an admin rule is shadowed when higher-ordered admin rules (of any manager: §8.5, §8.6) match first
 *    wherever it matches. An admin Allow that matches first is not shadowed (it ends the admin rules), and it
 *    never shadows NSG rules (the NSGs still decide after it).
 *
 * `findShadowedRules(network, id)`: `id` is an NSG (its custom rules) or a network manager (its admin
 * rules). When an NSG applies to no IP configuration, only the generic check runs: a rule is reported when
 * one higher-priority rule of the NSG covers it regardless of context (protocol, ports, and each address
 * side `*`, identical, or a containing prefix). Admin rules are judged only where they apply.
 */
import type { CompiledPolicy, CompiledRule } from '../compile';
import { compileForConfig } from '../compile';
import { indexNetwork, key } from '../context';
import type { AddressAtom, Direction, Network, SecurityRule } from '../model';
import { type Addr, type SideView, candidateRules, segmentOf, sideView, viewIdentity } from './allowed-space';

/** A rule that decides where the shadowed rule would have matched. */
export interface ShadowingRule {
  layer: 'adminRule' | 'networkSecurityGroup';
  /** `securityRules/<n>`, `defaultSecurityRules/<n>`, or the bare admin rule name. */
  ruleName: string;
  /** ARM id (admin rules, and custom rules that have one). */
  ruleId: string | null;
  /** The NSG holding the rule (null for admin rules). */
  networkSecurityGroupId: string | null;
  access: 'Allow' | 'Deny' | 'AlwaysAllow';
  priority: number;
}

export interface ShadowedRule {
  /** `securityRules/<name>` for NSG rules, the bare name for admin rules. */
  ruleName: string;
  name: string;
  kind: 'securityRule' | 'adminRule';
  /** ARM id (admin rules always; NSG rules when they have one). */
  ruleId: string | null;
  priority: number;
  direction: Direction;
  /** Names of the rules that decide where it would have matched (sorted). */
  coveringRules: string[];
  /** The same rules with their layer, NSG / admin ids and access (admin rules first, then by NSG and priority). */
  shadowedBy: ShadowingRule[];
  /**
   * `generic`: one higher-priority rule of its NSG covers it in every context; `contexts`: covered, in every
   * context it applies to, by rules of its own layer; `higherLayers`: some of it is decided before its layer
   * is reached (admin Deny / AlwaysAllow, or a Deny of the NSG evaluated first).
   */
  reason: 'generic' | 'contexts' | 'higherLayers';
  /** IP configurations evaluated (0 for a generic-only result). */
  contexts: number;
}

// ---------------------------------------------------------------------------------------------------
// Scanning one context (an IP configuration × direction)
// ---------------------------------------------------------------------------------------------------

interface Seen {
  /** Rules that decided somewhere, by identity key. */
  decided: Set<string>;
  /** Rule key → keys of the rules deciding where it matched without deciding (filled in phase 2). */
  covers: Map<string, Set<string>>;
  /** Rule key → description (for the rules met while scanning). */
  info: Map<string, ShadowingRule>;
  /** Candidate keys already walked (phase 1 results are the same for equal keys). */
  walked: Set<string>;
  /** The distinct views scanned (phase 2 looks for the undecided rules in them). */
  views: SideView[];
}

function ruleIdentity(layerKind: string, layerId: string, r: CompiledRule): string {
  return layerKind === 'adminRule' ? `admin|${key(r.ruleId ?? r.name)}` : `nsg|${key(layerId)}|${r.ruleName}`;
}

const identityCache = new WeakMap<readonly CompiledRule[], Map<string, string[]>>();

/** The identity keys of a layer's rules (cached per rule array and layer). */
function identities(l: SideView['layers'][number]): string[] {
  let m = identityCache.get(l.t.rules);
  if (!m) identityCache.set(l.t.rules, (m = new Map()));
  const k = `${l.kind}|${l.layer.id}`;
  let out = m.get(k);
  if (!out) m.set(k, (out = l.t.rules.map((r) => ruleIdentity(l.kind, l.layer.id, r))));
  return out;
}

function describe(layerKind: string, layerId: string, r: CompiledRule): ShadowingRule {
  const admin = layerKind === 'adminRule';
  return {
    layer: admin ? 'adminRule' : 'networkSecurityGroup',
    ruleName: r.ruleName,
    ruleId: r.ruleId,
    networkSecurityGroupId: admin ? null : layerId,
    access: r.access,
    priority: r.priority,
  };
}

/** Does the first match of this layer end evaluation (Deny anywhere, AlwaysAllow in the admin layer)? */
function stops(layerKind: string, r: CompiledRule): boolean {
  return r.access === 'Deny' || (layerKind === 'adminRule' && r.access === 'AlwaysAllow');
}

function uniqueSorted(values: number[]): number[] {
  const s = Float64Array.from(values).sort();
  const out: number[] = [];
  for (let i = 0; i < s.length; i++)
    if (out.length === 0 || out[out.length - 1] !== s[i]) out.push(s[i] as number);
  return out;
}

/** Marks `bits` (words over `n` items) for every segment of `starts` inside the flat intervals. */
function coverSegments(starts: number[], flat: number[], bits: Uint32Array, nw: number, idx: number): void {
  const m = 1 << (idx & 31);
  const wi = idx >>> 5;
  for (let i = 0; i < flat.length; i += 2) {
    let s = segmentOf(starts, flat[i] as number);
    const hi = flat[i + 1] as number;
    while (s < starts.length && (starts[s] as number) <= hi) {
      bits[s * nw + wi] = (bits[s * nw + wi] as number) | m;
      s++;
    }
  }
}

function bitList(words: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < words.length; w++) {
    let bits = words[w] as number;
    while (bits !== 0) {
      const b = 31 - Math.clz32(bits & -bits);
      bits &= bits - 1;
      out.push((w << 5) + b);
    }
  }
  return out;
}

const segmentCache = new WeakMap<readonly CompiledRule[], Map<string, number[][]>>();
const tableIds = new WeakMap<readonly CompiledRule[], number>();
let nextTableId = 0;

/** The remote segments of a view (they depend only on its layers' tables: cached). */
function segmentOffsets(view: SideView): number[][] {
  const first = view.layers[0];
  if (!first) return [];
  const k = view.layers
    .map((l) => {
      let id = tableIds.get(l.t.rules);
      if (id === undefined) tableIds.set(l.t.rules, (id = nextTableId++));
      return id;
    })
    .join(',');
  let m = segmentCache.get(first.t.rules);
  if (!m) segmentCache.set(first.t.rules, (m = new Map()));
  let out = m.get(k);
  if (!out) m.set(k, (out = computeSegmentOffsets(view)));
  return out;
}

/** Every layer's boundaries; one representative offset tuple per distinct tuple. */
function computeSegmentOffsets(view: SideView): number[][] {
  const cuts: Addr[] = [];
  for (const l of view.layers) {
    const s = l.t.remote.starts as ArrayLike<Addr>;
    for (let i = 0; i < s.length; i++) cuts.push(s[i] as Addr);
  }
  cuts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const seen = new Set<string>();
  const out: number[][] = [];
  for (let c = 0; c < cuts.length; c++) {
    if (c > 0 && cuts[c] === cuts[c - 1]) continue;
    const v = cuts[c] as Addr;
    const offs = view.layers.map(
      (l) => l.t.remote.offsets[segmentOf(l.t.remote.starts as ArrayLike<Addr>, v)] as number,
    );
    const k = offs.join(',');
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(offs);
  }
  return out;
}

/**
 * Cells of the (source port × destination port) plane for the given rules per layer (cut at their port
 * boundaries, plus `extra` boxes' edges), with per layer and cell the lowest matching rule (-1 if none).
 */
function firstMatches(
  view: SideView,
  lists: number[][],
  box: [number, number, number, number] | null,
): { xs: number[]; ys: number[]; first: (x: number, y: number, k: number) => number } {
  const xc: number[] = [box ? box[0] : 0];
  const yc: number[] = [box ? box[2] : 0];
  if (box) {
    if (box[1] < 65535) xc.push(box[1] + 1);
    if (box[3] < 65535) yc.push(box[3] + 1);
  }
  const inX = (v: number): boolean => !box || (box[0] < v && v <= box[1]);
  const inY = (v: number): boolean => !box || (box[2] < v && v <= box[3]);
  lists.forEach((list, k) => {
    const t = (view.layers[k] as SideView['layers'][number]).t;
    for (const i of list) {
      const r = t.rules[i] as CompiledRule;
      for (let j = 0; j < r.sourcePorts.length; j += 2) {
        const a = r.sourcePorts[j] as number;
        const b = (r.sourcePorts[j + 1] as number) + 1;
        if (inX(a)) xc.push(a);
        if (b <= 65535 && inX(b)) xc.push(b);
      }
      for (let j = 0; j < r.destinationPorts.length; j += 2) {
        const a = r.destinationPorts[j] as number;
        const b = (r.destinationPorts[j + 1] as number) + 1;
        if (inY(a)) yc.push(a);
        if (b <= 65535 && inY(b)) yc.push(b);
      }
    }
  });
  const xs = uniqueSorted(xc);
  const ys = uniqueSorted(yc);
  const per = lists.map((list, k) => {
    const t = (view.layers[k] as SideView['layers'][number]).t;
    const nw = Math.max(1, Math.ceil(list.length / 32));
    const xb = new Uint32Array(xs.length * nw);
    const yb = new Uint32Array(ys.length * nw);
    list.forEach((i, j) => {
      const r = t.rules[i] as CompiledRule;
      coverSegments(xs, r.sourcePorts, xb, nw, j);
      coverSegments(ys, r.destinationPorts, yb, nw, j);
    });
    return { list, nw, xb, yb };
  });
  const first = (x: number, y: number, k: number): number => {
    const p = per[k] as (typeof per)[number];
    for (let w = 0; w < p.nw; w++) {
      const m = (p.xb[x * p.nw + w] as number) & (p.yb[y * p.nw + w] as number);
      if (m !== 0) return p.list[(w << 5) + (31 - Math.clz32(m & -m))] as number;
    }
    return -1;
  };
  return { xs, ys, first };
}

/**
 * Phase 1: every cell of one context. Per remote segment and protocol, only the rules that can still be a
 * first match take part (see candidateRules); the layers are walked in evaluation order and every evaluated
 * layer's first match is marked as deciding.
 */
function scanView(view: SideView, seen: Seen): void {
  const layers = view.layers;
  if (layers.length === 0) return;
  seen.views.push(view);
  const keys = layers.map(identities);
  const segments = segmentOffsets(view);
  for (const isTcp of [true, false]) {
    for (const offs of segments) {
      const cand = candidateRules(view, isTcp, offs);
      if (seen.walked.has(cand.key)) continue;
      seen.walked.add(cand.key);
      const lists = cand.words.map(bitList);
      if (lists.every((l) => l.length === 0)) continue;
      const { xs, ys, first } = firstMatches(view, lists, null);
      const done = new Set<number>();
      for (let x = 0; x < xs.length; x++) {
        for (let y = 0; y < ys.length; y++) {
          let ck = 0;
          for (let k = 0; k < layers.length; k++)
            ck = ck * ((layers[k] as SideView['layers'][number]).t.rules.length + 1) + first(x, y, k) + 1;
          if (done.has(ck)) continue;
          done.add(ck);
          for (let k = 0; k < layers.length; k++) {
            const f = first(x, y, k);
            if (f < 0) continue;
            const l = layers[k] as SideView['layers'][number];
            seen.decided.add((keys[k] as string[])[f] as string);
            if (stops(l.kind, l.t.rules[f] as CompiledRule)) break;
          }
        }
      }
    }
  }
}

/**
 * Phase 2, for the rules that never decide: wherever such a rule matches (its remote segments, protocol
 * and port box in each context), the rule deciding instead — the first match of an earlier layer that ends
 * evaluation, or its own layer's first match.
 */
function attribute(seen: Seen, target: Set<string>): void {
  const done = new Set<number>();
  const candIds = new Map<string, number>();
  for (const view of seen.views) {
    const layers = view.layers;
    const ids = layers.map((l) => l.layer.id);
    // the target rules of each layer of this context
    const targets = layers.map((l) => {
      const keys = identities(l);
      const out: number[] = [];
      for (let i = 0; i < keys.length; i++) if (target.has(keys[i] as string)) out.push(i);
      return out;
    });
    if (targets.every((t) => t.length === 0)) continue;
    const segments = segmentOffsets(view);
    for (const isTcp of [true, false]) {
      for (const offs of segments) {
        let cand: ReturnType<typeof candidateRules> | null = null;
        let candId = -1;
        const lists: (number[][] | undefined)[] = [];
        targets.forEach((list, k) => {
          const l = layers[k] as SideView['layers'][number];
          const proto = isTcp ? l.t.tcp : l.t.udp;
          const off = offs[k] as number;
          for (const i of list) {
            const w = i >>> 5;
            const m = 1 << (i & 31);
            // active here: protocol ∧ local bits, and the remote segment
            if (((proto[w] as number) & m) === 0 || ((l.t.remote.pool[off + w] as number) & m) === 0)
              continue;
            if (!cand) {
              cand = candidateRules(view, isTcp, offs);
              candId = candIds.get(cand.key) ?? candIds.size;
              candIds.set(cand.key, candId);
            }
            // the deciders depend only on the candidates: equal ones (other segments, contexts) add nothing
            const memoKey = (candId * layers.length + k) * 65536 + i;
            if (done.has(memoKey)) continue;
            done.add(memoKey);
            const ls = (lists[k] ??= cand.words.slice(0, k + 1).map(bitList));
            coverRule(seen, view, ids, k, i, ls);
          }
        });
      }
    }
  }
}

/** Records, in every cell of rule `i` of layer `k`, the rule that decides there instead. */
function coverRule(seen: Seen, view: SideView, ids: string[], k: number, i: number, lists: number[][]): void {
  const layers = view.layers;
  const r = (layers[k] as SideView['layers'][number]).t.rules[i] as CompiledRule;
  const rk = identities(layers[k] as SideView['layers'][number])[i] as string;
  for (let a = 0; a < r.sourcePorts.length; a += 2) {
    for (let b = 0; b < r.destinationPorts.length; b += 2) {
      const box: [number, number, number, number] = [
        r.sourcePorts[a] as number,
        r.sourcePorts[a + 1] as number,
        r.destinationPorts[b] as number,
        r.destinationPorts[b + 1] as number,
      ];
      const { xs, ys, first } = firstMatches(view, lists, box);
      for (let x = 0; x < xs.length; x++) {
        if ((xs[x] as number) < box[0] || (xs[x] as number) > box[1]) continue;
        for (let y = 0; y < ys.length; y++) {
          if ((ys[y] as number) < box[2] || (ys[y] as number) > box[3]) continue;
          for (let j = 0; j <= k; j++) {
            const f = first(x, y, j);
            if (f < 0) continue;
            const lj = layers[j] as SideView['layers'][number];
            const d = lj.t.rules[f] as CompiledRule;
            if (j < k && !stops(lj.kind, d)) continue;
            const dk = ruleIdentity(lj.kind, ids[j] as string, d);
            if (!seen.info.has(dk)) seen.info.set(dk, describe(lj.kind, ids[j] as string, d));
            let c = seen.covers.get(rk);
            if (!c) seen.covers.set(rk, (c = new Set()));
            c.add(dk);
            break;
          }
        }
      }
    }
  }
}

/** Scans both directions of a policy, once per distinct (layers, local bits) across contexts. */
function scanPolicy(p: CompiledPolicy, seen: Seen, scanned: Set<string>): void {
  for (const direction of ['Inbound', 'Outbound'] as const) {
    const view = sideView(p, direction);
    const id = `${direction}|${viewIdentity(view, true)}|${viewIdentity(view, false)}`;
    if (scanned.has(id)) continue;
    scanned.add(id);
    scanView(view, seen);
  }
}

// ---------------------------------------------------------------------------------------------------
// Generic cover (context-free, same NSG)
// ---------------------------------------------------------------------------------------------------

function atomCovers(a: AddressAtom, b: AddressAtom): boolean {
  if (a.kind === 'any') return true;
  if (a.kind === 'prefix' && b.kind === 'prefix')
    return (
      a.prefix.family === b.prefix.family &&
      a.prefix.first <= b.prefix.first &&
      b.prefix.last <= a.prefix.last
    );
  if (a.kind === 'tag' && b.kind === 'tag') return a.tag.toLowerCase() === b.tag.toLowerCase();
  if (a.kind === 'asg' && b.kind === 'asg') return key(a.asgId) === key(b.asgId);
  return false;
}

function sideCovers(a: AddressAtom[], b: AddressAtom[]): boolean {
  return b.every((y) => a.some((x) => atomCovers(x, y)));
}

function portsCover(a: { from: number; to: number }[], b: { from: number; to: number }[]): boolean {
  return b.every((y) => a.some((x) => x.from <= y.from && y.to <= x.to));
}

function protocolCovers(a: SecurityRule['protocol'], b: SecurityRule['protocol']): boolean {
  return a === '*' || a === b;
}

function genericCover(rules: SecurityRule[], r: SecurityRule): SecurityRule[] {
  return rules.filter(
    (e) =>
      e.direction === r.direction &&
      e.priority < r.priority &&
      protocolCovers(e.protocol, r.protocol) &&
      sideCovers(e.source, r.source) &&
      sideCovers(e.destination, r.destination) &&
      portsCover(e.sourcePorts, r.sourcePorts) &&
      portsCover(e.destinationPorts, r.destinationPorts),
  );
}

// ---------------------------------------------------------------------------------------------------
// Public
// ---------------------------------------------------------------------------------------------------

const LAYER_ORDER = { adminRule: 0, networkSecurityGroup: 1 } as const;

function sortShadowing(list: ShadowingRule[]): ShadowingRule[] {
  return list.sort(
    (a, b) =>
      LAYER_ORDER[a.layer] - LAYER_ORDER[b.layer] ||
      key(a.networkSecurityGroupId ?? '').localeCompare(key(b.networkSecurityGroupId ?? '')) ||
      a.priority - b.priority ||
      a.ruleName.localeCompare(b.ruleName),
  );
}

function shadowingOf(seen: Seen, rk: string): ShadowingRule[] {
  const out: ShadowingRule[] = [];
  for (const k of seen.covers.get(rk) ?? []) {
    const d = seen.info.get(k);
    if (d) out.push(d);
  }
  return sortShadowing(out);
}

/**
 * The rules of an NSG (its custom rules) or of a network manager (its admin rules) that never decide (see
 * the module comment), in priority order per direction (inbound first). An unknown id → []. Never throws.
 */
export function findShadowedRules(network: Network, id: string): ShadowedRule[] {
  if (typeof id !== 'string') return [];
  const idx = indexNetwork(network);
  const nsg = idx.nsgs.get(key(id));
  if (nsg) return shadowedNsgRules(network, idx, nsg);
  const manager = network.networkManagers.find((m) => key(m.id) === key(id));
  if (manager) return shadowedAdminRules(network, idx, key(manager.id));
  return [];
}

function newSeen(): Seen {
  return { decided: new Set(), covers: new Map(), info: new Map(), walked: new Set(), views: [] };
}

function shadowedNsgRules(
  network: Network,
  idx: ReturnType<typeof indexNetwork>,
  nsg: Network['networkSecurityGroups'][number],
): ShadowedRule[] {
  const nk = key(nsg.id);
  const seen = newSeen();
  const scanned = new Set<string>();
  let contexts = 0;
  for (const nic of network.networkInterfaces) {
    const onNic = nic.networkSecurityGroupId !== null && key(nic.networkSecurityGroupId) === nk;
    for (const cfg of nic.ipConfigurations) {
      const subnet = idx.subnets.get(key(cfg.subnetId));
      const onSubnet =
        !!subnet && subnet.networkSecurityGroupId !== null && key(subnet.networkSecurityGroupId) === nk;
      if (!onNic && !onSubnet) continue;
      const p = compileForConfig(idx, nic, cfg);
      if (!p) continue;
      contexts++;
      scanPolicy(p, seen, scanned);
    }
  }
  const custom = nsg.securityRules.filter((r) => r.kind === 'custom');
  if (contexts > 0) {
    const undecided = new Set(
      custom.map((r) => `nsg|${nk}|securityRules/${r.name}`).filter((rk) => !seen.decided.has(rk)),
    );
    attribute(seen, undecided);
  }
  const out: ShadowedRule[] = [];
  for (const direction of ['Inbound', 'Outbound'] as const) {
    const mine = custom.filter((r) => r.direction === direction).sort((a, b) => a.priority - b.priority);
    for (const r of mine) {
      const ruleName = `securityRules/${r.name}`;
      const rk = `nsg|${nk}|${ruleName}`;
      const generic = genericCover(custom, r);
      const base = { ruleName, name: r.name, kind: 'securityRule' as const, priority: r.priority, direction };
      if (contexts > 0) {
        if (seen.decided.has(rk)) continue;
        const shadowedBy = shadowingOf(seen, rk);
        const ruleId = r.id ?? `${nsg.id}/securityRules/${r.name}`;
        const higher = shadowedBy.some(
          (s) => s.layer === 'adminRule' || key(s.networkSecurityGroupId ?? '') !== nk,
        );
        out.push({
          ...base,
          ruleId,
          coveringRules: [...new Set(shadowedBy.map((s) => s.ruleName))].sort(),
          shadowedBy,
          reason: higher ? 'higherLayers' : generic.length > 0 ? 'generic' : 'contexts',
          contexts,
        });
      } else if (generic.length > 0) {
        const shadowedBy = sortShadowing(
          generic.map((e) => ({
            layer: 'networkSecurityGroup' as const,
            ruleName: `securityRules/${e.name}`,
            ruleId: e.id ?? `${nsg.id}/securityRules/${e.name}`,
            networkSecurityGroupId: nsg.id,
            access: e.access,
            priority: e.priority,
          })),
        );
        out.push({
          ...base,
          ruleId: r.id ?? `${nsg.id}/securityRules/${r.name}`,
          coveringRules: shadowedBy.map((s) => s.ruleName),
          shadowedBy,
          reason: 'generic',
          contexts: 0,
        });
      }
    }
  }
  return out;
}

function shadowedAdminRules(
  network: Network,
  idx: ReturnType<typeof indexNetwork>,
  managerKey: string,
): ShadowedRule[] {
  const seen = newSeen();
  const scanned = new Set<string>();
  /** The manager's admin rules that apply somewhere, by identity key. */
  const applied = new Map<string, CompiledRule>();
  let contexts = 0;
  for (const nic of network.networkInterfaces) {
    for (const cfg of nic.ipConfigurations) {
      const p = compileForConfig(idx, nic, cfg);
      if (!p || !p.admin) continue;
      const mine = p.admin.rules.filter((r) => key(r.networkManagerId ?? '') === managerKey);
      if (mine.length === 0) continue;
      contexts++;
      for (const r of mine) applied.set(ruleIdentity('adminRule', '', r), r);
      scanPolicy(p, seen, scanned);
    }
  }
  attribute(seen, new Set([...applied.keys()].filter((rk) => !seen.decided.has(rk))));
  const out: ShadowedRule[] = [];
  const list = [...applied.entries()].sort(
    ([, a], [, b]) =>
      (a.direction === b.direction ? 0 : a.direction === 'Inbound' ? -1 : 1) || a.priority - b.priority,
  );
  for (const [rk, r] of list) {
    if (seen.decided.has(rk)) continue;
    const shadowedBy = shadowingOf(seen, rk);
    out.push({
      ruleName: r.ruleName,
      name: r.name,
      kind: 'adminRule',
      ruleId: r.ruleId,
      priority: r.priority,
      direction: r.direction,
      coveringRules: [...new Set(shadowedBy.map((s) => s.ruleName))].sort(),
      shadowedBy,
      reason: 'contexts',
      contexts,
    });
  }
  return out;
}
