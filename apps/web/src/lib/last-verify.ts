/**
 * The last verify on screen, kept in sessionStorage so the NSG page can re-run it after a rule edit and say
 * whether the verdict changed.
 */
import type { VerifyQuery } from './verify-query';

export const LAST_VERIFY_KEY = 'flowverify.lastVerify';

export interface VerdictSummary {
  access: 'ALLOW' | 'DENY';
  ruleName: string | null;
  /** The NSG of the deciding rule, when an NSG rule decided (lets the NSG page light that rule). */
  networkSecurityGroupId?: string | null;
}

/** The custom rule name (`securityRules/<name>` → `<name>`) when `nsgId`'s custom rule decided the verdict. */
export function decidingCustomRule(verdict: VerdictSummary | undefined | null, nsgId: string): string | null {
  if (!verdict?.ruleName || !verdict.networkSecurityGroupId) return null;
  if (verdict.networkSecurityGroupId.toLowerCase() !== nsgId.toLowerCase()) return null;
  const m = /^securityRules\/(.+)$/.exec(verdict.ruleName);
  return m?.[1] ?? null;
}

export interface LastVerify {
  query: VerifyQuery;
  verdict: VerdictSummary;
  at: string;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function saveLastVerify(storage: StorageLike | undefined, entry: LastVerify): void {
  try {
    storage?.setItem(LAST_VERIFY_KEY, JSON.stringify(entry));
  } catch {
    // Storage full or disabled: the feature degrades to "no last verify".
  }
}

export function loadLastVerify(storage: StorageLike | undefined): LastVerify | null {
  try {
    const raw = storage?.getItem(LAST_VERIFY_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<LastVerify>;
    if (!v.query || !v.verdict || (v.verdict.access !== 'ALLOW' && v.verdict.access !== 'DENY')) return null;
    return v as LastVerify;
  } catch {
    return null;
  }
}

export function accessLabel(access: 'ALLOW' | 'DENY'): string {
  return access === 'ALLOW' ? 'Allow' : 'Deny';
}

/** "Verdict changed: Allow → Deny", "Verdict unchanged: Deny (securityRules/x)", or a rule-only change. */
export function describeVerdictChange(
  before: VerdictSummary,
  after: VerdictSummary,
): { changed: boolean; text: string } {
  if (before.access !== after.access) {
    return {
      changed: true,
      text: `Verdict changed: ${accessLabel(before.access)} → ${accessLabel(after.access)}`,
    };
  }
  if ((before.ruleName ?? '') !== (after.ruleName ?? '')) {
    return {
      changed: true,
      text: `Verdict unchanged (${accessLabel(after.access)}), but now decided by ${after.ruleName ?? 'no rule'} instead of ${before.ruleName ?? 'no rule'}`,
    };
  }
  return {
    changed: false,
    text: `Verdict unchanged: ${accessLabel(after.access)}${after.ruleName ? ` (${after.ruleName})` : ''}`,
  };
}
