/**
 * Seeded property test (task §5): compiled evaluation (fast path and trace path) agrees with the reference
 * scan on thousands of random policies and flows — IPv4 and IPv6, tags, ASGs, admin rules, port lists.
 */
import { generateNetwork, generateQueries, type GenerateOptions } from './bench/generate';
import { createVerifier } from './evaluate';
import type { VerifyResult } from './model';
import { parseNetwork } from './parse';
import { referenceVerifyFlow } from './reference';

const OPTIONS: GenerateOptions = {
  vnets: 2,
  subnetsPerVnet: 2,
  nicsPerSubnet: 3,
  nsgs: 3,
  rulesPerNsg: 12,
  adminRules: 8,
  asgs: 3,
  ipv6: 0.3,
  forwarding: 0.2,
  allNsgs: false,
  adminAlwaysApplies: false,
  unknownTags: true,
  splitFullPortLists: true,
};

function essence(r: VerifyResult): unknown {
  if (!r.ok) return { error: r.error.code, field: r.error.field };
  const v = r.verdict;
  return {
    access: v.access,
    ruleName: v.ruleName,
    decidedBy: v.decidedBy,
    ruleKind: v.ruleKind,
    nsg: v.networkSecurityGroupId,
    ruleId: v.ruleId,
    adminRuleId: v.adminRuleId,
    nic: v.networkInterfaceId,
    ipConfigurationName: v.ipConfigurationName,
  };
}

const SEEDS = Array.from({ length: 200 }, (_, i) => 1000 + i);

describe('§4/§6 compiled evaluation agrees with the reference scan (seeded)', () => {
  it.each(SEEDS)('seed %i: 40 flows, fast path, trace path and reference agree', (seed) => {
    const input = generateNetwork(seed, OPTIONS);
    const { network } = parseNetwork(input);
    const verifier = createVerifier(network);
    const queries = generateQueries(input, seed * 7 + 1, 40, { vnets: OPTIONS.vnets, errors: true });
    let decided = 0;
    for (const q of queries) {
      const expected = essence(referenceVerifyFlow(network, q));
      const fast = verifier.verifyFlow(q);
      expect({ q, r: essence(fast) }).toEqual({ q, r: expected });
      const traced = verifier.verifyFlow(q, { detail: true });
      expect({ q, r: essence(traced) }).toEqual({ q, r: expected });
      if (fast.ok) decided++;
    }
    // the generator must exercise verdicts, not just errors
    expect(decided).toBeGreaterThan(10);
  });

  it('the generated policies exercise every outcome (sanity of the property test)', () => {
    const seen = new Set<string>();
    for (const seed of SEEDS.slice(0, 20)) {
      const input = generateNetwork(seed, OPTIONS);
      const { network } = parseNetwork(input);
      const verifier = createVerifier(network);
      for (const q of generateQueries(input, seed, 100, { vnets: 2, errors: true })) {
        const r = verifier.verifyFlow(q);
        seen.add(
          r.ok ? `${r.verdict.access}:${r.verdict.decidedBy}:${r.verdict.ruleKind}` : `error:${r.error.code}`,
        );
      }
    }
    for (const k of [
      'Allow:nicNsg:custom',
      'Deny:nicNsg:custom',
      'Allow:subnetNsg:custom',
      'Deny:subnetNsg:default',
      'Deny:adminRule:admin',
      'Allow:adminRule:admin',
      'Allow:none:null',
      'error:InvalidIpAddress',
    ]) {
      expect([...seen]).toContain(k);
    }
  });
});
