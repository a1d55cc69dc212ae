/**
 * Security rule form <-> API input. The form has one text box per address/port side (comma or space
 * separated); the API takes Azure's singular-or-plural pairs. API validation paths are mapped back to the form
 * field that shows them.
 */

export type RuleDirection = 'INBOUND' | 'OUTBOUND';
export type RuleAccess = 'ALLOW' | 'DENY';
export type RuleProtocol = 'TCP' | 'UDP' | 'ICMP' | 'ESP' | 'AH' | 'ANY';

export interface RuleFormValues {
  name: string;
  description: string;
  priority: string;
  direction: RuleDirection;
  access: RuleAccess;
  protocol: RuleProtocol;
  source: string;
  sourceAsgIds: string[];
  sourcePorts: string;
  destination: string;
  destinationAsgIds: string[];
  destinationPorts: string;
}

export type RuleFormField = keyof RuleFormValues;

/** The rule as the API returns it (SecurityRuleFields). */
export interface RuleLike {
  name: string;
  description?: string | null;
  priority: number;
  direction: RuleDirection;
  access: RuleAccess;
  protocol: RuleProtocol;
  sourceAddressPrefix?: string | null;
  sourceAddressPrefixes: readonly string[];
  sourceApplicationSecurityGroups: readonly { id: string }[];
  destinationAddressPrefix?: string | null;
  destinationAddressPrefixes: readonly string[];
  destinationApplicationSecurityGroups: readonly { id: string }[];
  sourcePortRange?: string | null;
  sourcePortRanges: readonly string[];
  destinationPortRange?: string | null;
  destinationPortRanges: readonly string[];
}

export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const join = (single: string | null | undefined, plural: readonly string[]) =>
  (single ? [single] : [...plural]).join(', ');

export function emptyRuleForm(direction: RuleDirection = 'INBOUND', priority = ''): RuleFormValues {
  return {
    name: '',
    description: '',
    priority,
    direction,
    access: 'ALLOW',
    protocol: 'TCP',
    source: '*',
    sourceAsgIds: [],
    sourcePorts: '*',
    destination: '*',
    destinationAsgIds: [],
    destinationPorts: '',
  };
}

export function ruleToForm(rule: RuleLike): RuleFormValues {
  return {
    name: rule.name,
    description: rule.description ?? '',
    priority: String(rule.priority),
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    source: join(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
    sourceAsgIds: rule.sourceApplicationSecurityGroups.map((a) => a.id),
    sourcePorts: join(rule.sourcePortRange, rule.sourcePortRanges),
    destination: join(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
    destinationAsgIds: rule.destinationApplicationSecurityGroups.map((a) => a.id),
    destinationPorts: join(rule.destinationPortRange, rule.destinationPortRanges),
  };
}

/** One value → the singular field, several → the plural one; none → neither (ASGs may stand in). */
function pair(values: string[]): { single: string | null; plural: string[] } {
  if (values.length === 1) return { single: values[0]!, plural: [] };
  return { single: null, plural: values };
}

/** Parses the priority; NaN is passed through as 0 so the API reports it on the priority field. */
function priorityNumber(text: string): number {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) ? n : 0;
}

/** SecurityRuleFieldsInput for createSecurityRule: only the forms actually used are sent. */
export function formToCreateInput(form: RuleFormValues) {
  const src = pair(splitList(form.source));
  const dst = pair(splitList(form.destination));
  const sp = pair(splitList(form.sourcePorts));
  const dp = pair(splitList(form.destinationPorts));
  return {
    name: form.name.trim(),
    ...(form.description.trim() ? { description: form.description.trim() } : {}),
    priority: priorityNumber(form.priority),
    direction: form.direction,
    access: form.access,
    protocol: form.protocol,
    ...(src.single !== null ? { sourceAddressPrefix: src.single } : {}),
    ...(src.plural.length ? { sourceAddressPrefixes: src.plural } : {}),
    ...(form.sourceAsgIds.length ? { sourceApplicationSecurityGroupIds: form.sourceAsgIds } : {}),
    ...(dst.single !== null ? { destinationAddressPrefix: dst.single } : {}),
    ...(dst.plural.length ? { destinationAddressPrefixes: dst.plural } : {}),
    ...(form.destinationAsgIds.length
      ? { destinationApplicationSecurityGroupIds: form.destinationAsgIds }
      : {}),
    ...(sp.single !== null ? { sourcePortRange: sp.single } : {}),
    ...(sp.plural.length ? { sourcePortRanges: sp.plural } : {}),
    ...(dp.single !== null ? { destinationPortRange: dp.single } : {}),
    ...(dp.plural.length ? { destinationPortRanges: dp.plural } : {}),
  };
}

/**
 * SecurityRulePatchInput for updateSecurityRule: only fields that changed, each address/port side sent as a
 * whole (the unused singular cleared with null, the unused plural with []).
 */
export function formToPatch(before: RuleFormValues, form: RuleFormValues) {
  const patch: Record<string, unknown> = {};
  if (form.description.trim() !== before.description.trim())
    patch.description = form.description.trim() || null;
  if (form.priority.trim() !== before.priority.trim()) patch.priority = priorityNumber(form.priority);
  if (form.direction !== before.direction) patch.direction = form.direction;
  if (form.access !== before.access) patch.access = form.access;
  if (form.protocol !== before.protocol) patch.protocol = form.protocol;
  const sides = [
    ['source', 'sourceAddressPrefix', 'sourceAddressPrefixes'],
    ['destination', 'destinationAddressPrefix', 'destinationAddressPrefixes'],
    ['sourcePorts', 'sourcePortRange', 'sourcePortRanges'],
    ['destinationPorts', 'destinationPortRange', 'destinationPortRanges'],
  ] as const;
  for (const [field, single, plural] of sides) {
    const now = splitList(form[field]);
    if (now.join(',') === splitList(before[field]).join(',')) continue;
    const p = pair(now);
    patch[single] = p.single;
    patch[plural] = p.plural;
  }
  const sameIds = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');
  if (!sameIds(form.sourceAsgIds, before.sourceAsgIds))
    patch.sourceApplicationSecurityGroupIds = form.sourceAsgIds;
  if (!sameIds(form.destinationAsgIds, before.destinationAsgIds)) {
    patch.destinationApplicationSecurityGroupIds = form.destinationAsgIds;
  }
  return patch;
}

const API_FIELD_TO_FORM: Record<string, RuleFormField> = {
  name: 'name',
  description: 'description',
  priority: 'priority',
  direction: 'direction',
  access: 'access',
  protocol: 'protocol',
  sourceAddressPrefix: 'source',
  sourceAddressPrefixes: 'source',
  sourceApplicationSecurityGroupIds: 'sourceAsgIds',
  sourceApplicationSecurityGroups: 'sourceAsgIds',
  destinationAddressPrefix: 'destination',
  destinationAddressPrefixes: 'destination',
  destinationApplicationSecurityGroupIds: 'destinationAsgIds',
  destinationApplicationSecurityGroups: 'destinationAsgIds',
  sourcePortRange: 'sourcePorts',
  sourcePortRanges: 'sourcePorts',
  destinationPortRange: 'destinationPorts',
  destinationPortRanges: 'destinationPorts',
};

/** Maps `{ apiField: message }` (from explainError) onto the form's fields; unknown fields are returned apart. */
export function mapRuleErrors(fieldErrors: Record<string, string>): {
  byField: Partial<Record<RuleFormField, string>>;
  other: string[];
} {
  const byField: Partial<Record<RuleFormField, string>> = {};
  const other: string[] = [];
  for (const [apiField, message] of Object.entries(fieldErrors)) {
    const field = API_FIELD_TO_FORM[apiField];
    if (field) byField[field] = byField[field] ? `${byField[field]} ${message}` : message;
    else other.push(`${apiField}: ${message}`);
  }
  return { byField, other };
}

/** Text for a table cell: prefixes plus ASG names. */
export function describeSide(
  prefix: string | null | undefined,
  prefixes: readonly string[],
  asgs: readonly { name: string }[],
) {
  const parts = [...(prefix ? [prefix] : prefixes), ...asgs.map((a) => `ASG ${a.name}`)];
  return parts.length ? parts.join(', ') : '—';
}

/**
 * New priorities after moving a rule one step up or down among the rules of its direction: the two rules swap
 * priorities. Returns null when the rule is already at that end.
 */
export function swapPriorities<R extends { id: string; priority: number }>(
  rules: readonly R[],
  id: string,
  step: -1 | 1,
): { id: string; priority: number }[] | null {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  const i = sorted.findIndex((r) => r.id === id);
  const j = i + step;
  if (i < 0 || j < 0 || j >= sorted.length) return null;
  const a = sorted[i]!;
  const b = sorted[j]!;
  return [
    { id: a.id, priority: b.priority },
    { id: b.id, priority: a.priority },
  ];
}
