/**
 * How the effective security rules table shows a rule: its name without the `securityRules/` or
 * `defaultSecurityRules/` collection prefix (the layer column already says where it comes from), whether it is one
 * of Azure's default rules, and a short form of long prefix lists (the full list goes into the cell's title).
 */
export interface RuleNameParts {
  name: string;
  isDefault: boolean;
}

export function splitRuleName(ruleName: string): RuleNameParts {
  const slash = ruleName.lastIndexOf('/');
  const collection = slash >= 0 ? ruleName.slice(0, slash) : '';
  const name = slash >= 0 ? ruleName.slice(slash + 1) : ruleName;
  return { name: name || ruleName, isDefault: collection.toLowerCase().endsWith('defaultsecurityrules') };
}

/** The expanded prefixes when there are any (tags and ASGs resolved), else the given ones; `*` when none. */
export function summarizePrefixes(given: readonly string[], expanded: readonly string[], shown = 4): string {
  const list = expanded.length ? expanded : given;
  const text = list.slice(0, shown).join(', ');
  if (list.length > shown) return `${text} +${list.length - shown} more`;
  return text || '*';
}
