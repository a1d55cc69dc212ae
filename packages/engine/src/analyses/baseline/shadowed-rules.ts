/**
 * FROZEN BASELINE (bench only; not exported): findShadowedRules as of commit 807e6bd — per NSG layer, admin
 * rules and the NSG evaluated first ignored (so it finds fewer shadowed rules). analyses-bench.ts times it in the
 * same run as the current code. Do not optimise or fix this file.
 */
/**
 * Shadowed rules: custom rules of an NSG that can never be the first match of their NSG for any IP
 * configuration the NSG applies to (on its subnet or on its NIC), because higher-priority rules of the same
 * NSG and direction cover all of their space — evaluated on the decision tables, i.e. over the tag, ASG and
 * network expansions of each context. Such a rule never decides a verdict, and removing it changes none.
 *
 * When the NSG applies to no IP configuration, only the generic check runs: a rule is reported when one
 * higher-priority rule covers it regardless of context (protocol, ports, and each address side `*`,
 * identical, or a containing prefix).
 */
import type { CompiledRule, DecisionTable } from '../../compile';
import { compileForConfig } from '../../compile';
import { indexNetwork, key } from '../../context';
import type { AddressAtom, Direction, Network, SecurityRule } from '../../model';

export interface ShadowedRule {
  /** `securityRules/<name>`. */
  ruleName: string;
  name: string;
  priority: number;
  direction: Direction;
  /** Higher-priority rules that take its place (first matches where it would have matched), by name. */
  coveringRules: string[];
  /** `generic`: one higher-priority rule covers it in every context; `contexts`: covered in every context the NSG applies to. */
  reason: 'generic' | 'contexts';
  /** IP configurations evaluated (0 for a generic-only result). */
  contexts: number;
}

/** Per rule index: first-match somewhere? and, for rules never first, the rules first where it matched. */
function scanTable(t: DecisionTable, decided: Set<string>, covers: Map<string, Set<string>>): void {
  const rules = t.rules;
  const n = rules.length;
  if (n === 0) return;
  const seenOffsets = new Set<number>();
  for (const isTcp of [true, false]) {
    const proto = isTcp ? t.tcp : t.udp;
    seenOffsets.clear();
    for (let s = 0; s < t.remote.offsets.length; s++) {
      const off = t.remote.offsets[s] as number;
      if (seenOffsets.has(off)) continue;
      seenOffsets.add(off);
      const active: number[] = [];
      for (let w = 0; w < t.words; w++) {
        let bits = (proto[w] as number) & (t.remote.pool[off + w] as number);
        while (bits !== 0) {
          const b = 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
          active.push((w << 5) + b);
        }
      }
      if (active.length === 0) continue;
      const xc: number[] = [0];
      const yc: number[] = [0];
      for (const i of active) {
        const r = rules[i] as CompiledRule;
        for (let k = 0; k < r.sourcePorts.length; k += 2) {
          xc.push(r.sourcePorts[k] as number, (r.sourcePorts[k + 1] as number) + 1);
        }
        for (let k = 0; k < r.destinationPorts.length; k += 2) {
          yc.push(r.destinationPorts[k] as number, (r.destinationPorts[k + 1] as number) + 1);
        }
      }
      const xs = [...new Set(xc.filter((v) => v <= 65535))].sort((a, b) => a - b);
      const ys = [...new Set(yc.filter((v) => v <= 65535))].sort((a, b) => a - b);
      const inFlat = (flat: number[], v: number): boolean => {
        for (let k = 0; k < flat.length; k += 2)
          if ((flat[k] as number) <= v && v <= (flat[k + 1] as number)) return true;
        return false;
      };
      // per cell: the matching active rules in order; the first decides, the others are covered by it
      const xm = xs.map((x) => active.filter((i) => inFlat((rules[i] as CompiledRule).sourcePorts, x)));
      const ymSets = ys.map(
        (y) => new Set(active.filter((i) => inFlat((rules[i] as CompiledRule).destinationPorts, y))),
      );
      for (let xi = 0; xi < xs.length; xi++) {
        for (let yi = 0; yi < ys.length; yi++) {
          const ym = ymSets[yi] as Set<number>;
          let first: CompiledRule | null = null;
          for (const i of xm[xi] as number[]) {
            if (!ym.has(i)) continue;
            const r = rules[i] as CompiledRule;
            if (first === null) {
              first = r;
              decided.add(r.ruleName);
            } else {
              let c = covers.get(r.ruleName);
              if (!c) covers.set(r.ruleName, (c = new Set()));
              c.add(first.ruleName);
            }
          }
        }
      }
    }
  }
}

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

/**
 * Custom rules of the NSG that never decide (see the module comment), in priority order per direction
 * (inbound first). Unknown NSG → []. Never throws.
 */
export function findShadowedRules(network: Network, nsgId: string): ShadowedRule[] {
  const idx = indexNetwork(network);
  const nsg = typeof nsgId === 'string' ? idx.nsgs.get(key(nsgId)) : undefined;
  if (!nsg) return [];
  const nk = key(nsg.id);
  const decided = new Set<string>();
  const covers = new Map<string, Set<string>>();
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
      for (const layer of [onSubnet ? p.subnetNsg : null, onNic ? p.nicNsg : null]) {
        if (!layer) continue;
        scanTable(layer.inbound, decided, covers);
        scanTable(layer.outbound, decided, covers);
      }
    }
  }
  const custom = nsg.securityRules.filter((r) => r.kind === 'custom');
  const out: ShadowedRule[] = [];
  for (const direction of ['Inbound', 'Outbound'] as const) {
    const mine = custom.filter((r) => r.direction === direction).sort((a, b) => a.priority - b.priority);
    for (const r of mine) {
      const ruleName = `securityRules/${r.name}`;
      const generic = genericCover(custom, r);
      if (contexts > 0) {
        if (decided.has(ruleName)) continue;
        out.push({
          ruleName,
          name: r.name,
          priority: r.priority,
          direction,
          coveringRules: [...(covers.get(ruleName) ?? [])].sort(),
          reason: generic.length > 0 ? 'generic' : 'contexts',
          contexts,
        });
      } else if (generic.length > 0) {
        out.push({
          ruleName,
          name: r.name,
          priority: r.priority,
          direction,
          coveringRules: generic.map((e) => `securityRules/${e.name}`),
          reason: 'generic',
          contexts: 0,
        });
      }
    }
  }
  return out;
}
