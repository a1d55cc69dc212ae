/**
 * Shadowed rules of an NSG (its custom rules) or of a network manager (its admin rules): the engine's
 * `findShadowedRules` on the workspace's parsed `Network` from the compiled-policy cache (the same one verifyFlow
 * uses), so drafts (`<base>~<draft>`) work like every other read.
 *
 * Results are remembered per (parsed network object, id) in a WeakMap: repeated reads of one workspace version cost
 * nothing, and a new version (a new `Network` from the cache) is computed afresh while the old one is collected
 * with its results.
 */
import { findShadowedRules, type ShadowedRule } from '@flowverify/engine';
import type { Network } from '../engine';
import type { ServiceDeps } from './deps';

export type EngineShadowedRule = ShadowedRule;
export type EngineShadowingRule = ShadowedRule['shadowedBy'][number];

const memo = new WeakMap<Network, Map<string, readonly ShadowedRule[]>>();

/** Counters for tests. */
export const shadowedRulesStats = { computed: 0, hits: 0 };

/** `findShadowedRules(network, id)`, computed once per network object and (case-insensitive) id. */
export function shadowedRulesOf(network: Network, id: string): readonly ShadowedRule[] {
  let byId = memo.get(network);
  if (!byId) memo.set(network, (byId = new Map()));
  const key = id.toLowerCase();
  const hit = byId.get(key);
  if (hit) {
    shadowedRulesStats.hits++;
    return hit;
  }
  shadowedRulesStats.computed++;
  const result = findShadowedRules(network, id);
  byId.set(key, result);
  return result;
}

/** The parsed network of workspace `workspaceId` at `version` (or newer) from the compiled-policy cache. */
async function networkOf(deps: ServiceDeps, workspaceId: string, version: number): Promise<Network> {
  return (await deps.cache.get(workspaceId, version)).network;
}

/**
 * The custom rules of NSG `nsgArmId` that never decide, in workspace `workspaceId` at model version `version` (or
 * newer). NSG rules always carry their ARM id (`<nsg>/securityRules/<name>`), shadowing NSG rules too
 * (`<nsg>/defaultSecurityRules/<name>` for default rules).
 */
export async function shadowedSecurityRules(
  deps: ServiceDeps,
  workspace: { id: string; version: number },
  nsgArmId: string,
): Promise<ShadowedRule[]> {
  const network = await networkOf(deps, workspace.id, workspace.version);
  return shadowedRulesOf(network, nsgArmId).map((r) => ({
    ...r,
    ruleId: r.ruleId ?? `${nsgArmId}/${r.ruleName}`,
    shadowedBy: r.shadowedBy.map(withRuleId),
  }));
}

/** The admin rules of network manager `managerArmId` that never decide (see `shadowedSecurityRules`). */
export async function shadowedAdminRules(
  deps: ServiceDeps,
  workspace: { id: string; version: number },
  managerArmId: string,
): Promise<ShadowedRule[]> {
  const network = await networkOf(deps, workspace.id, workspace.version);
  return shadowedRulesOf(network, managerArmId).map((r) => ({
    ...r,
    shadowedBy: r.shadowedBy.map(withRuleId),
  }));
}

/** Every shadowing rule with an id: NSG rules without one get `<nsg>/<ruleName>` (their `SecurityRule.id`). */
function withRuleId(s: EngineShadowingRule): EngineShadowingRule {
  if (s.ruleId || !s.networkSecurityGroupId) return s;
  return { ...s, ruleId: `${s.networkSecurityGroupId}/${s.ruleName}` };
}
