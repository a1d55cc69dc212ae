/**
 * Validation of user data (azure-semantics §1, §2.2, §8.1). Nothing here throws on user data: every problem
 * becomes an `Issue` and parsing goes on; the returned network holds only the valid parts.
 */
import { parseAddressPrefix } from './address';
import type {
  AddressAtom,
  AdminAccess,
  AdminRule,
  AdminRuleCollection,
  AdminRuleInput,
  ApplicationSecurityGroup,
  Direction,
  Issue,
  Network,
  NetworkGroup,
  NetworkInput,
  NetworkInterface,
  NetworkManager,
  NetworkSecurityGroup,
  PortRange,
  Prefix,
  RuleProtocol,
  SecurityAdminConfiguration,
  SecurityRule,
  SecurityRuleInput,
  ServiceTag,
  Subnet,
  VirtualMachine,
  VirtualNetwork,
  IpConfiguration,
} from './model';
import { DEFAULT_SECURITY_RULES } from './defaults';
import { NETWORK_COLLECTIONS } from './model';

type Path = (string | number)[];

export const RULE_NAME_RE = /^\w([\w.-]{0,78}[\w_])?$/;
export const MAX_DESCRIPTION = 140;
export const MAX_ASGS_PER_RULE_SIDE = 10;
export const BUILT_IN_TAGS = ['VirtualNetwork', 'Internet', 'AzureLoadBalancer'] as const;
const TAG_NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export const DEFAULT_INTERNET_EXCLUSIONS = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
];

/** Text of any value for messages; never throws (hostile objects may have throwing toString). */
export function show(v: unknown): string {
  try {
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    return Object.prototype.toString.call(v);
  }
}

export function idKey(id: string): string {
  return id.toLowerCase();
}

function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

function arrayOf<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

function issue(
  code: string,
  path: Path,
  message: string,
  resourceId?: string | null,
  severity: 'error' | 'warning' = 'error',
): Issue {
  const out: Issue = { code, path, message, severity };
  if (resourceId) out.resourceId = resourceId;
  return out;
}

function caseMatch<T extends string>(v: unknown, allowed: readonly T[]): T | null {
  if (!isStr(v)) return null;
  const lower = v.toLowerCase();
  for (const a of allowed) if (a.toLowerCase() === lower) return a;
  return null;
}

/** Checks shared by NSG rules and admin rules: description, priority range, direction. Codes are `<prefix>Invalid…`. */
function checkRuleBasics(
  rule: { description?: unknown; priority?: unknown; direction?: unknown },
  prefix: 'SecurityRule' | 'AdminRule',
  minPriority: number,
  base: (string | number)[],
  rid: string | null | undefined,
  issues: Issue[],
): { ok: boolean; direction: (typeof DIRECTIONS)[number] | null } {
  let ok = true;
  if (rule.description !== undefined && rule.description !== null) {
    if (!isStr(rule.description) || rule.description.length > MAX_DESCRIPTION) {
      issues.push(
        issue(
          `${prefix}InvalidDescription`,
          [...base, 'description'],
          `description must be a string of at most ${MAX_DESCRIPTION} characters`,
          rid,
        ),
      );
      ok = false;
    }
  }
  const { priority } = rule;
  if (
    typeof priority !== 'number' ||
    !Number.isInteger(priority) ||
    priority < minPriority ||
    priority > 4096
  ) {
    issues.push(
      issue(
        `${prefix}InvalidPriority`,
        [...base, 'priority'],
        `priority '${show(priority)}' must be an integer between ${minPriority} and 4096`,
        rid,
      ),
    );
    ok = false;
  }
  const direction = caseMatch(rule.direction, DIRECTIONS);
  if (!direction) {
    issues.push(
      issue(
        `${prefix}InvalidDirection`,
        [...base, 'direction'],
        'direction must be Inbound or Outbound',
        rid,
      ),
    );
    ok = false;
  }
  return { ok, direction };
}

// ---------------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------------

const PORT_RE = /^(0|[1-9][0-9]{0,4})$/;
const PORT_RANGE_RE = /^(0|[1-9][0-9]{0,4})-(0|[1-9][0-9]{0,4})$/;

/** Parses `*`, `n` or `a-b` (0 ≤ a ≤ b ≤ 65535). Returns null when invalid. */
export function parsePortElement(text: unknown): PortRange | null {
  if (!isStr(text)) return null;
  if (text === '*') return { from: 0, to: 65535 };
  if (PORT_RE.test(text)) {
    const n = Number(text);
    return n <= 65535 ? { from: n, to: n } : null;
  }
  const m = PORT_RANGE_RE.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return a <= b && b <= 65535 ? { from: a, to: b } : null;
  }
  return null;
}

function portMessage(text: unknown): string {
  return `'${show(text)}': value should be an integer OR integer range with '-' delimiter. Valid range 0-65535`;
}

// ---------------------------------------------------------------------------------------------------
// Security rules
// ---------------------------------------------------------------------------------------------------

interface RuleParse<T> {
  rule: T | null;
  issues: Issue[];
  /** Referenced ASG ids (for cross-checks). */
  asgIds: { source: string[]; destination: string[] };
  /** Service tags named, with the path of the field naming each (unknown tags are reported there). */
  tags: NamedRef[];
}

/** A name the rule refers to (service tag, network group) and the path of the field holding it. */
interface NamedRef {
  name: string;
  path: Path;
}

function parsePrefixText(
  text: string,
  path: Path,
  issues: Issue[],
  resourceId: string | null,
  code: string,
): Prefix | null {
  const r = parseAddressPrefix(text);
  if (!r.ok) {
    issues.push(issue(code, path, r.message, resourceId));
    return null;
  }
  return r.value;
}

/** True when the text is shaped like a tag name rather than an address. */
function looksLikeTag(text: string): boolean {
  return TAG_NAME_RE.test(text) && !/^[0-9]/.test(text) && !text.includes(':');
}

function parseNsgSide(
  rule: SecurityRuleInput,
  side: 'source' | 'destination',
  issues: Issue[],
  rid: string | null,
  base: Path,
  tags: NamedRef[],
): { atoms: AddressAtom[]; display: string[]; asgIds: string[] } | null {
  const singleKey = side === 'source' ? 'sourceAddressPrefix' : 'destinationAddressPrefix';
  const listKey = side === 'source' ? 'sourceAddressPrefixes' : 'destinationAddressPrefixes';
  const asgKey =
    side === 'source' ? 'sourceApplicationSecurityGroupIds' : 'destinationApplicationSecurityGroupIds';
  const single = rule[singleKey];
  const list = rule[listKey];
  const asgs = rule[asgKey];
  const hasSingle = single !== undefined && single !== null && single !== '';
  const hasList = Array.isArray(list) && list.length > 0;
  const hasAsg = Array.isArray(asgs) && asgs.length > 0;
  const count = Number(hasSingle) + Number(hasList) + Number(hasAsg);
  if (count !== 1) {
    issues.push(
      issue(
        'SecurityRuleInvalidAddressSpecification',
        [...base, side === 'source' ? 'sourceAddressPrefix' : 'destinationAddressPrefix'],
        count === 0
          ? `the ${side} needs exactly one of ${singleKey}, ${listKey} or ${asgKey}; none given`
          : `the ${side} needs exactly one of ${singleKey}, ${listKey} or ${asgKey}; ${count} given`,
        rid,
      ),
    );
    return null;
  }
  let ok = true;
  const atoms: AddressAtom[] = [];
  const display: string[] = [];
  const asgIds: string[] = [];
  if (hasSingle) {
    const path = [...base, singleKey];
    if (!isStr(single)) {
      issues.push(issue('SecurityRuleInvalidAddressPrefix', path, `${singleKey} must be a string`, rid));
      return null;
    }
    display.push(single);
    if (single === '*') atoms.push({ kind: 'any' });
    else if (single.includes(',')) {
      issues.push(
        issue(
          'SecurityRuleInvalidAddressPrefix',
          path,
          `'${single}': a comma list is not allowed in ${singleKey}; use ${listKey}`,
          rid,
        ),
      );
      ok = false;
    } else if (looksLikeTag(single)) {
      atoms.push({ kind: 'tag', tag: single });
      tags.push({ name: single, path });
    } else {
      const p = parsePrefixText(single, path, issues, rid, 'SecurityRuleInvalidAddressPrefix');
      if (p) atoms.push({ kind: 'prefix', prefix: p });
      else ok = false;
    }
  } else if (hasList) {
    (list as unknown[]).forEach((item, i) => {
      const path = [...base, listKey, i];
      if (!isStr(item)) {
        issues.push(
          issue('SecurityRuleInvalidAddressPrefix', path, `${listKey}[${i}] must be a string`, rid),
        );
        ok = false;
        return;
      }
      display.push(item);
      if (item === '*' || looksLikeTag(item)) {
        issues.push(
          issue(
            'SecurityRuleParameterContainsUnsupportedValue',
            path,
            `'${item}': ${listKey} cannot specify VirtualNetwork, Internet, AzureLoadBalancer, '*' or service tags`,
            rid,
          ),
        );
        ok = false;
        return;
      }
      const p = parsePrefixText(item, path, issues, rid, 'SecurityRuleInvalidAddressPrefix');
      if (p) atoms.push({ kind: 'prefix', prefix: p });
      else ok = false;
    });
  } else {
    const ids = asgs as unknown[];
    if (ids.length > MAX_ASGS_PER_RULE_SIDE) {
      issues.push(
        issue(
          'NumberOfApplicationSecurityGroupsReferencedInSecurityRuleLimitReached',
          [...base, asgKey],
          `at most ${MAX_ASGS_PER_RULE_SIDE} application security groups per rule side (${ids.length} given)`,
          rid,
        ),
      );
      ok = false;
    }
    ids.forEach((id, i) => {
      if (!isStr(id) || id === '') {
        issues.push(
          issue('InvalidResourceId', [...base, asgKey, i], `${asgKey}[${i}] must be an ARM id`, rid),
        );
        ok = false;
        return;
      }
      atoms.push({ kind: 'asg', asgId: id });
      display.push(id);
      asgIds.push(id);
    });
  }
  return ok ? { atoms, display, asgIds } : null;
}

function parseNsgPorts(
  rule: SecurityRuleInput,
  side: 'source' | 'destination',
  issues: Issue[],
  rid: string | null,
  base: Path,
): { ports: PortRange[]; display: string[] } | null {
  const singleKey = side === 'source' ? 'sourcePortRange' : 'destinationPortRange';
  const listKey = side === 'source' ? 'sourcePortRanges' : 'destinationPortRanges';
  const single = rule[singleKey];
  const list = rule[listKey];
  const hasSingle = single !== undefined && single !== null && single !== '';
  const hasList = Array.isArray(list) && list.length > 0;
  if (hasSingle && hasList) {
    // §2.3: a non-empty list is used, the single field is not (ARM leaves the unused form empty).
    issues.push(
      issue(
        'SecurityRulePortRangeIgnored',
        [...base, singleKey],
        `both ${singleKey} and ${listKey} are given; ${listKey} is used`,
        rid,
        'warning',
      ),
    );
  }
  if (!hasSingle && !hasList) {
    issues.push(issue('SecurityRuleInvalidPortRange', [...base, singleKey], `${singleKey} is required`, rid));
    return null;
  }
  if (hasSingle && !hasList) {
    const r = parsePortElement(single);
    if (!r) {
      const extra =
        isStr(single) && single.includes(',') ? `; a comma list is not allowed here, use ${listKey}` : '';
      issues.push(
        issue('SecurityRuleInvalidPortRange', [...base, singleKey], portMessage(single) + extra, rid),
      );
      return null;
    }
    return { ports: [r], display: [single as string] };
  }
  let ok = true;
  const ports: PortRange[] = [];
  const display: string[] = [];
  (list as unknown[]).forEach((item, i) => {
    const r = parsePortElement(item);
    if (!r) {
      issues.push(issue('SecurityRuleInvalidPortRange', [...base, listKey, i], portMessage(item), rid));
      ok = false;
    } else {
      ports.push(r);
      display.push(item as string);
    }
  });
  return ok ? { ports, display } : null;
}

function checkFamilies(
  atoms: AddressAtom[],
  issues: Issue[],
  rid: string | null,
  path: Path,
  code: string,
): boolean {
  let fam: number | null = null;
  for (const a of atoms) {
    if (a.kind !== 'prefix') continue;
    if (fam === null) fam = a.prefix.family;
    else if (fam !== a.prefix.family) {
      issues.push(issue(code, path, 'IPv4 and IPv6 address prefixes cannot be combined in one rule', rid));
      return false;
    }
  }
  return true;
}

const NSG_PROTOCOLS: readonly RuleProtocol[] = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*'];
const DIRECTIONS: readonly Direction[] = ['Inbound', 'Outbound'];

/** Parses one custom NSG rule; paths are prefixed with `base`. */
export function parseSecurityRule(
  rule: SecurityRuleInput,
  base: Path = [],
  nsgId?: string,
): RuleParse<SecurityRule> {
  const issues: Issue[] = [];
  const tags: NamedRef[] = [];
  const empty = { rule: null, issues, asgIds: { source: [], destination: [] }, tags };
  if (rule === null || typeof rule !== 'object') {
    issues.push(issue('InvalidSecurityRule', base, 'a security rule must be an object', nsgId));
    return empty;
  }
  const rid = isStr(rule.id) && rule.id !== '' ? rule.id : (nsgId ?? null);
  let ok = true;
  if (!isStr(rule.name) || !RULE_NAME_RE.test(rule.name)) {
    issues.push(
      issue(
        'InvalidResourceName',
        [...base, 'name'],
        `'${show(rule.name)}': a rule name has 1–80 characters, starts with a word character, ends with a word character or '_', and contains only word characters, '.', '-' and '_'`,
        rid,
      ),
    );
    ok = false;
  }
  const common = checkRuleBasics(rule, 'SecurityRule', 100, base, rid, issues);
  if (!common.ok) ok = false;
  const direction = common.direction;
  const access = caseMatch(rule.access, ['Allow', 'Deny'] as const);
  if (!access) {
    issues.push(issue('SecurityRuleInvalidAccess', [...base, 'access'], `access must be Allow or Deny`, rid));
    ok = false;
  }
  const protocol = caseMatch(rule.protocol, NSG_PROTOCOLS);
  if (!protocol) {
    issues.push(
      issue(
        'SecurityRuleInvalidProtocol',
        [...base, 'protocol'],
        `protocol '${show(rule.protocol)}' must be one of Tcp, Udp, Icmp, Esp, Ah, *`,
        rid,
      ),
    );
    ok = false;
  }
  const src = parseNsgSide(rule, 'source', issues, rid, base, tags);
  const dst = parseNsgSide(rule, 'destination', issues, rid, base, tags);
  const sp = parseNsgPorts(rule, 'source', issues, rid, base);
  const dp = parseNsgPorts(rule, 'destination', issues, rid, base);
  if (src && dst) {
    if (!checkFamilies([...src.atoms, ...dst.atoms], issues, rid, base, 'SecurityRuleInvalidAddressPrefix'))
      ok = false;
  }
  const asgIds = { source: src?.asgIds ?? [], destination: dst?.asgIds ?? [] };
  if (!ok || !src || !dst || !sp || !dp || !direction || !access || !protocol) {
    return { rule: null, issues, asgIds, tags };
  }
  return {
    issues,
    asgIds,
    tags,
    rule: {
      id: isStr(rule.id) && rule.id !== '' ? rule.id : null,
      name: rule.name,
      description: isStr(rule.description) ? rule.description : null,
      kind: 'custom',
      priority: rule.priority,
      direction,
      access,
      protocol,
      source: src.atoms,
      destination: dst.atoms,
      sourcePorts: sp.ports,
      destinationPorts: dp.ports,
      sourceAddressPrefixes: src.display,
      destinationAddressPrefixes: dst.display,
      sourcePortRanges: sp.display,
      destinationPortRanges: dp.display,
    },
  };
}

/**
 * Validates one NSG security rule on its own (no cross-references: ASG existence, priority conflicts and
 * unknown tags need the network and are checked by `parseNetwork`). Paths are relative to the rule.
 * Never throws.
 */
export function validateSecurityRule(rule: SecurityRuleInput): Issue[] {
  try {
    return parseSecurityRule(rule, []).issues;
  } catch (e) {
    return [internalError('the rule could not be validated', e)];
  }
}

/** Defensive: user data must never make the engine throw (hostile getters, proxies). */
function internalError(what: string, e: unknown): Issue {
  return issue('InternalError', [], `${what}: ${(e as Error)?.message ?? show(e)}`);
}

// ---------------------------------------------------------------------------------------------------
// Admin rules
// ---------------------------------------------------------------------------------------------------

const ADMIN_PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', 'Any'] as const;
const ADMIN_ACCESS: readonly AdminAccess[] = ['Allow', 'Deny', 'AlwaysAllow'];
const PREFIX_TYPES = ['IPPrefix', 'ServiceTag', 'NetworkGroup'] as const;

interface AdminContext {
  ruleCollectionId: string;
  configurationId: string;
  networkManagerId: string;
}

export function parseAdminRule(
  rule: AdminRuleInput,
  base: Path = [],
  ctx: AdminContext = { ruleCollectionId: '', configurationId: '', networkManagerId: '' },
): RuleParse<AdminRule> & { networkGroupIds: NamedRef[] } {
  const issues: Issue[] = [];
  const tags: NamedRef[] = [];
  const networkGroupIds: NamedRef[] = [];
  const asgIds = { source: [], destination: [] };
  if (rule === null || typeof rule !== 'object') {
    issues.push(
      issue('InvalidAdminRule', base, 'an admin rule must be an object', ctx.ruleCollectionId || null),
    );
    return { rule: null, issues, asgIds, tags, networkGroupIds };
  }
  const rid = isStr(rule.id) && rule.id !== '' ? rule.id : ctx.ruleCollectionId || null;
  let ok = true;
  if (!isStr(rule.id) || rule.id === '') {
    issues.push(issue('RequiredFieldMissing', [...base, 'id'], 'an admin rule needs its ARM id', rid));
    ok = false;
  }
  if (!isStr(rule.name) || !RULE_NAME_RE.test(rule.name)) {
    issues.push(
      issue('InvalidResourceName', [...base, 'name'], `'${show(rule.name)}' is not a valid rule name`, rid),
    );
    ok = false;
  }
  const kind = caseMatch(rule.kind ?? 'Custom', ['Custom', 'Default'] as const);
  if (!kind) {
    issues.push(issue('AdminRuleInvalidKind', [...base, 'kind'], 'kind must be Custom or Default', rid));
    ok = false;
  }
  const common = checkRuleBasics(rule, 'AdminRule', 1, base, rid, issues);
  if (!common.ok) ok = false;
  const direction = common.direction;
  const access = caseMatch(rule.access, ADMIN_ACCESS);
  if (!access) {
    issues.push(
      issue('AdminRuleInvalidAccess', [...base, 'access'], 'access must be Allow, Deny or AlwaysAllow', rid),
    );
    ok = false;
  }
  const protocol = caseMatch(rule.protocol, ADMIN_PROTOCOLS);
  if (!protocol) {
    issues.push(
      issue(
        'AdminRuleInvalidProtocol',
        [...base, 'protocol'],
        `protocol '${show(rule.protocol)}' must be one of Tcp, Udp, Icmp, Esp, Ah, Any (admin rules say Any, not *)`,
        rid,
      ),
    );
    ok = false;
  }
  const side = (key: 'sources' | 'destinations'): { atoms: AddressAtom[]; display: string[] } | null => {
    const raw = rule[key];
    if (raw !== undefined && !Array.isArray(raw)) {
      issues.push(issue('AdminRuleInvalidAddress', [...base, key], `${key} must be a list`, rid));
      return null;
    }
    const items = arrayOf<unknown>(raw);
    if (items.length === 0) return { atoms: [{ kind: 'any' }], display: [] };
    const atoms: AddressAtom[] = [];
    const display: string[] = [];
    let sideOk = true;
    items.forEach((item, i) => {
      const path = [...base, key, i];
      if (item === null || typeof item !== 'object') {
        issues.push(issue('AdminRuleInvalidAddress', path, 'an address item must be an object', rid));
        sideOk = false;
        return;
      }
      const it = item as { addressPrefix?: unknown; addressPrefixType?: unknown };
      const type = caseMatch(it.addressPrefixType, PREFIX_TYPES);
      if (!type) {
        issues.push(
          issue(
            'AdminRuleInvalidAddressPrefixType',
            [...path, 'addressPrefixType'],
            'addressPrefixType must be IPPrefix, ServiceTag or NetworkGroup',
            rid,
          ),
        );
        sideOk = false;
        return;
      }
      const text = it.addressPrefix;
      if (!isStr(text) || text === '') {
        issues.push(
          issue(
            'AdminRuleInvalidAddressPrefix',
            [...path, 'addressPrefix'],
            'addressPrefix is required',
            rid,
          ),
        );
        sideOk = false;
        return;
      }
      display.push(text);
      if (type === 'IPPrefix') {
        if (text === '*') atoms.push({ kind: 'any' });
        else {
          const p = parsePrefixText(
            text,
            [...path, 'addressPrefix'],
            issues,
            rid,
            'AdminRuleInvalidAddressPrefix',
          );
          if (p) atoms.push({ kind: 'prefix', prefix: p });
          else sideOk = false;
        }
      } else if (type === 'ServiceTag') {
        if (!looksLikeTag(text)) {
          issues.push(
            issue(
              'AdminRuleInvalidAddressPrefix',
              [...path, 'addressPrefix'],
              `'${text}' is not a service tag name`,
              rid,
            ),
          );
          sideOk = false;
        } else {
          atoms.push({ kind: 'tag', tag: text });
          tags.push({ name: text, path: [...path, 'addressPrefix'] });
        }
      } else {
        atoms.push({ kind: 'networkGroup', networkGroupId: text });
        networkGroupIds.push({ name: text, path: [...path, 'addressPrefix'] });
      }
    });
    return sideOk ? { atoms, display } : null;
  };
  const sources = side('sources');
  const destinations = side('destinations');
  const ports = (
    key: 'sourcePortRanges' | 'destinationPortRanges',
  ): { ports: PortRange[]; display: string[] } | null => {
    const raw = rule[key];
    if (raw !== undefined && !Array.isArray(raw)) {
      issues.push(issue('AdminRuleInvalidPortRange', [...base, key], `${key} must be a list`, rid));
      return null;
    }
    const items = arrayOf<unknown>(raw);
    if (items.length === 0) return { ports: [{ from: 0, to: 65535 }], display: [] };
    const out: PortRange[] = [];
    const display: string[] = [];
    let pOk = true;
    items.forEach((item, i) => {
      const r = parsePortElement(item);
      if (!r) {
        issues.push(issue('AdminRuleInvalidPortRange', [...base, key, i], portMessage(item), rid));
        pOk = false;
      } else {
        out.push(r);
        display.push(item as string);
      }
    });
    return pOk ? { ports: out, display } : null;
  };
  const sp = ports('sourcePortRanges');
  const dp = ports('destinationPortRanges');
  if (sources && destinations) {
    if (
      !checkFamilies(
        [...sources.atoms, ...destinations.atoms],
        issues,
        rid,
        base,
        'AdminRuleInvalidAddressPrefix',
      )
    )
      ok = false;
  }
  if (!ok || !sources || !destinations || !sp || !dp || !direction || !access || !protocol || !kind) {
    return { rule: null, issues, asgIds, tags, networkGroupIds };
  }
  return {
    issues,
    asgIds,
    tags,
    networkGroupIds,
    rule: {
      id: rule.id,
      name: rule.name,
      kind,
      description: isStr(rule.description) ? rule.description : null,
      access,
      priority: rule.priority,
      direction,
      protocol: protocol === 'Any' ? '*' : protocol,
      sources: sources.atoms,
      destinations: destinations.atoms,
      sourcePorts: sp.ports,
      destinationPorts: dp.ports,
      sourceAddressPrefixes: sources.display,
      destinationAddressPrefixes: destinations.display,
      sourcePortRanges: sp.display,
      destinationPortRanges: dp.display,
      ...ctx,
    },
  };
}

/** Validates one security admin rule on its own. Paths are relative to the rule. Never throws. */
export function validateAdminRule(rule: AdminRuleInput): Issue[] {
  try {
    return parseAdminRule(rule, []).issues;
  } catch (e) {
    return [internalError('the rule could not be validated', e)];
  }
}

// ---------------------------------------------------------------------------------------------------
// The whole network
// ---------------------------------------------------------------------------------------------------

function normaliseLocation(loc: unknown): string {
  return isStr(loc) ? loc.toLowerCase().replace(/\s+/g, '') : '';
}

/**
 * Validates a whole network input. Never throws, never stops at the first problem: every problem is an
 * issue (with `path`, `resourceId`, `severity`) and the returned network holds only the valid parts.
 */
export function parseNetwork(input: NetworkInput): { network: Network; issues: Issue[] } {
  try {
    return parseNetworkUnsafe(input);
  } catch (e) {
    // Defensive: user data must never make the engine throw. Reaching this is an engine bug.
    return { network: emptyNetwork(), issues: [internalError('the network could not be parsed', e)] };
  }
}

function emptyNetwork(): Network {
  return {
    virtualNetworks: [],
    networkSecurityGroups: [],
    applicationSecurityGroups: [],
    networkInterfaces: [],
    virtualMachines: [],
    serviceTags: [],
    networkManagers: [],
    options: { internetExclusions: defaultExclusions(), strictIpv4: false },
  };
}

function defaultExclusions(): Prefix[] {
  const out: Prefix[] = [];
  for (const t of DEFAULT_INTERNET_EXCLUSIONS) {
    const r = parseAddressPrefix(t);
    if (r.ok) out.push(r.value);
  }
  return out;
}

function hasId(v: unknown): v is { id: string } {
  return (
    v !== null &&
    typeof v === 'object' &&
    isStr((v as { id?: unknown }).id) &&
    (v as { id: string }).id !== ''
  );
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}

function parseNetworkUnsafe(raw: NetworkInput): { network: Network; issues: Issue[] } {
  const issues: Issue[] = [];
  /** A list field: present but not a list is reported (it reads as empty), never silently ignored. */
  const listAt = <T>(v: unknown, path: Path, rid?: string): T[] => {
    if (v !== undefined && v !== null && !Array.isArray(v)) {
      issues.push(issue('InvalidNetworkInput', path, `must be a list (got ${kindOf(v)})`, rid));
    }
    return arrayOf<T>(v);
  };
  /** A boolean flag: absent or null is false; anything but a boolean is reported (and read as false). */
  const flagAt = (v: unknown, path: Path, rid?: string): boolean => {
    if (v !== undefined && v !== null && typeof v !== 'boolean') {
      issues.push(
        issue(
          'InvalidNetworkInput',
          path,
          `must be true or false (got ${typeof v === 'object' ? kindOf(v) : show(v)})`,
          rid,
        ),
      );
    }
    return v === true;
  };
  const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
  const input: Partial<NetworkInput> = isObject ? raw : {};
  const network = emptyNetwork();
  if (!isObject) {
    issues.push(issue('InvalidNetworkInput', [], `the network must be an object (got ${kindOf(raw)})`));
  }
  for (const k of NETWORK_COLLECTIONS) {
    const v = input[k];
    if (v !== undefined && v !== null && !Array.isArray(v)) {
      issues.push(issue('InvalidNetworkInput', [k], `${k} must be a list (got ${kindOf(v)})`));
    }
  }

  const prefixList = (
    values: unknown,
    path: Path,
    rid: string,
    code = 'InvalidAddressPrefix',
    check?: (p: Prefix, path: Path) => boolean,
  ): Prefix[] => {
    const out: Prefix[] = [];
    listAt<unknown>(values, path, rid || undefined).forEach((v, i) => {
      if (!isStr(v)) {
        issues.push(issue(code, [...path, i], 'an address prefix must be a string', rid));
        return;
      }
      const p = parsePrefixText(v, [...path, i], issues, rid, code);
      if (p && (!check || check(p, [...path, i]))) out.push(p);
    });
    return out;
  };

  const seen = new Map<string, Path>();
  const uniqueId = (id: string, path: Path): boolean => {
    const k = idKey(id);
    const prev = seen.get(k);
    if (prev) {
      issues.push(issue('DuplicateResourceId', [...path, 'id'], `id '${id}' is used twice`, id));
      return false;
    }
    seen.set(k, path);
    return true;
  };
  const requireResource = (v: unknown, path: Path, what: string): v is { id: string } => {
    if (!hasId(v)) {
      issues.push(issue('RequiredFieldMissing', [...path, 'id'], `${what} needs an ARM id`));
      return false;
    }
    return uniqueId(v.id, path);
  };

  // Options
  const opts = input.options;
  if (opts && typeof opts === 'object' && !Array.isArray(opts)) {
    const ex = opts.internetExclusions;
    if (Array.isArray(ex)) {
      network.options.internetExclusions = prefixList(ex, ['options', 'internetExclusions'], '');
    } else if (ex !== undefined && ex !== null) {
      // Not a list: keep the defaults rather than silently dropping every exclusion.
      issues.push(
        issue(
          'InvalidNetworkInput',
          ['options', 'internetExclusions'],
          `internetExclusions must be a list of prefixes (got ${kindOf(ex)}); the default exclusions apply`,
        ),
      );
    }
    network.options.strictIpv4 = opts.strictIpv4 === true;
  } else if (opts !== undefined && opts !== null) {
    issues.push(issue('InvalidNetworkInput', ['options'], `options must be an object (got ${kindOf(opts)})`));
  }

  // Service tags (user-defined)
  const tagNames = new Set<string>(BUILT_IN_TAGS.map((t) => t.toLowerCase()));
  arrayOf<ServiceTagInputLike>(input.serviceTags).forEach((t, i) => {
    const path: Path = ['serviceTags', i];
    if (!t || !isStr(t.name) || !looksLikeTag(t.name)) {
      issues.push(issue('InvalidServiceTag', [...path, 'name'], 'a service tag needs a valid name'));
      return;
    }
    if (tagNames.has(t.name.toLowerCase())) {
      issues.push(
        issue(
          'DuplicateServiceTag',
          [...path, 'name'],
          `service tag '${t.name}' is defined twice or is built in`,
        ),
      );
      return;
    }
    tagNames.add(t.name.toLowerCase());
    const tag: ServiceTag = {
      name: t.name,
      addressPrefixes: prefixList(t.addressPrefixes, [...path, 'addressPrefixes'], ''),
    };
    network.serviceTags.push(tag);
  });

  // ASGs
  const asgs = new Map<string, ApplicationSecurityGroup>();
  arrayOf<unknown>(input.applicationSecurityGroups).forEach((a, i) => {
    const path: Path = ['applicationSecurityGroups', i];
    if (!requireResource(a, path, 'an application security group')) return;
    const name = (a as { name?: unknown }).name;
    const asg = { id: a.id, name: isStr(name) ? name : a.id };
    asgs.set(idKey(a.id), asg);
    network.applicationSecurityGroups.push(asg);
  });

  // NSGs (rules parsed here, cross-checks after NICs are known)
  const nsgs = new Map<string, NetworkSecurityGroup>();
  interface PendingRule {
    rule: SecurityRule;
    path: Path;
    asgIds: { source: string[]; destination: string[] };
    tags: NamedRef[];
  }
  const pendingByNsg: { nsg: NetworkSecurityGroup; rules: PendingRule[] }[] = [];
  arrayOf<unknown>(input.networkSecurityGroups).forEach((n, i) => {
    const path: Path = ['networkSecurityGroups', i];
    if (!requireResource(n, path, 'a network security group')) return;
    const nIn = n as { id: string; name?: unknown; securityRules?: unknown };
    const nsg: NetworkSecurityGroup = {
      id: nIn.id,
      name: isStr(nIn.name) ? nIn.name : nIn.id,
      securityRules: [],
    };
    const pending: PendingRule[] = [];
    const byPriority = new Map<string, string>();
    const byName = new Set<string>();
    listAt<SecurityRuleInput>(nIn.securityRules, [...path, 'securityRules'], nIn.id).forEach((r, j) => {
      const rpath: Path = [...path, 'securityRules', j];
      const parsed = parseSecurityRule(r, rpath, nIn.id);
      issues.push(...parsed.issues);
      if (!parsed.rule) return;
      const rule = parsed.rule;
      const rid = rule.id ?? nIn.id;
      const nameKey = rule.name.toLowerCase();
      const nameTaken = byName.has(nameKey);
      if (nameTaken) {
        issues.push(
          issue(
            'SecurityRuleNameNotUnique',
            [...rpath, 'name'],
            `rule name '${rule.name}' is used twice in the NSG`,
            rid,
          ),
        );
      }
      const prKey = `${rule.direction}:${rule.priority}`;
      const other = byPriority.get(prKey);
      if (other !== undefined) {
        issues.push(
          issue(
            'SecurityRuleConflict',
            [...rpath, 'priority'],
            `rules cannot have the same priority and direction: '${rule.name}' and '${other}' are both ${rule.direction} ${rule.priority}`,
            rid,
          ),
        );
      }
      if (nameTaken || other !== undefined) return;
      byName.add(nameKey);
      byPriority.set(prKey, rule.name);
      pending.push({ rule, path: rpath, asgIds: parsed.asgIds, tags: parsed.tags });
    });
    nsgs.set(idKey(nIn.id), nsg);
    network.networkSecurityGroups.push(nsg);
    pendingByNsg.push({ nsg, rules: pending });
  });

  // VNets and subnets
  const vnets = new Map<string, VirtualNetwork>();
  const subnets = new Map<string, Subnet>();
  arrayOf<unknown>(input.virtualNetworks).forEach((v, i) => {
    const path: Path = ['virtualNetworks', i];
    if (!requireResource(v, path, 'a virtual network')) return;
    const vIn = v as Record<string, unknown> & { id: string };
    const vnet: VirtualNetwork = {
      id: vIn.id,
      name: isStr(vIn.name) ? vIn.name : vIn.id,
      location: normaliseLocation(vIn.location),
      addressPrefixes: prefixList(vIn.addressPrefixes, [...path, 'addressPrefixes'], vIn.id),
      subnets: [],
      peerings: [],
      extraVirtualNetworkPrefixes: prefixList(
        vIn.extraVirtualNetworkPrefixes,
        [...path, 'extraVirtualNetworkPrefixes'],
        vIn.id,
      ),
      adminRulesExempt: flagAt(vIn.adminRulesExempt, [...path, 'adminRulesExempt'], vIn.id),
    };
    if (!isStr(vIn.location) || vIn.location === '') {
      issues.push(
        issue(
          'RequiredFieldMissing',
          [...path, 'location'],
          'a virtual network needs a location',
          vIn.id,
          'warning',
        ),
      );
    }
    listAt<unknown>(vIn.virtualNetworkPeerings, [...path, 'virtualNetworkPeerings'], vIn.id).forEach(
      (p, j) => {
        const ppath: Path = [...path, 'virtualNetworkPeerings', j];
        if (!p || typeof p !== 'object') {
          issues.push(issue('InvalidPeering', ppath, 'a peering must be an object', vIn.id));
          return;
        }
        const pIn = p as Record<string, unknown>;
        vnet.peerings.push({
          name: isStr(pIn.name) ? pIn.name : '',
          remoteVirtualNetworkId: isStr(pIn.remoteVirtualNetworkId) ? pIn.remoteVirtualNetworkId : null,
          remoteAddressPrefixes: prefixList(
            pIn.remoteAddressPrefixes,
            [...ppath, 'remoteAddressPrefixes'],
            vIn.id,
          ),
          allowVirtualNetworkAccess: flagAt(
            pIn.allowVirtualNetworkAccess,
            [...ppath, 'allowVirtualNetworkAccess'],
            vIn.id,
          ),
          peeringState: isStr(pIn.peeringState) ? pIn.peeringState : '',
        });
        if (!caseMatch(pIn.peeringState, ['Initiated', 'Connected', 'Disconnected'] as const)) {
          issues.push(
            issue(
              'InvalidPeering',
              [...ppath, 'peeringState'],
              `peeringState '${show(pIn.peeringState)}' must be Initiated, Connected or Disconnected; the peer is not part of VirtualNetwork`,
              vIn.id,
              'warning',
            ),
          );
        }
      },
    );
    listAt<unknown>(vIn.subnets, [...path, 'subnets'], vIn.id).forEach((s, j) => {
      const spath: Path = [...path, 'subnets', j];
      if (!requireResource(s, spath, 'a subnet')) return;
      const sIn = s as Record<string, unknown> & { id: string };
      let nsgId: string | null = null;
      if (isStr(sIn.networkSecurityGroupId) && sIn.networkSecurityGroupId !== '') {
        const nsg = nsgs.get(idKey(sIn.networkSecurityGroupId));
        if (!nsg) {
          issues.push(
            issue(
              'ReferencedResourceNotFound',
              [...spath, 'networkSecurityGroupId'],
              `network security group '${sIn.networkSecurityGroupId}' does not exist`,
              sIn.id,
            ),
          );
        } else nsgId = nsg.id;
      }
      const subnet: Subnet = {
        id: sIn.id,
        name: isStr(sIn.name) ? sIn.name : sIn.id,
        virtualNetworkId: vIn.id,
        addressPrefixes: prefixList(
          sIn.addressPrefixes,
          [...spath, 'addressPrefixes'],
          sIn.id,
          'InvalidAddressPrefix',
          (p, pp) => {
            if (p.family === 6 && p.length !== 64) {
              issues.push(
                issue('InvalidSubnetPrefix', pp, `IPv6 subnets must be exactly /64 ('${p.text}')`, sIn.id),
              );
              return false;
            }
            return true;
          },
        ),
        networkSecurityGroupId: nsgId,
        adminRulesExempt: flagAt(sIn.adminRulesExempt, [...spath, 'adminRulesExempt'], sIn.id),
      };
      vnet.subnets.push(subnet);
      subnets.set(idKey(sIn.id), subnet);
    });
    vnets.set(idKey(vIn.id), vnet);
    network.virtualNetworks.push(vnet);
  });

  // NICs
  const nics = new Map<string, NetworkInterface>();
  const asgVnets = new Map<string, Set<string>>(); // asg key → vnet keys of member ip configurations
  arrayOf<unknown>(input.networkInterfaces).forEach((n, i) => {
    const path: Path = ['networkInterfaces', i];
    if (!requireResource(n, path, 'a network interface')) return;
    const nIn = n as Record<string, unknown> & { id: string };
    let nsgId: string | null = null;
    if (isStr(nIn.networkSecurityGroupId) && nIn.networkSecurityGroupId !== '') {
      const nsg = nsgs.get(idKey(nIn.networkSecurityGroupId));
      if (!nsg) {
        issues.push(
          issue(
            'ReferencedResourceNotFound',
            [...path, 'networkSecurityGroupId'],
            `network security group '${nIn.networkSecurityGroupId}' does not exist`,
            nIn.id,
          ),
        );
      } else nsgId = nsg.id;
    }
    const nic: NetworkInterface = {
      id: nIn.id,
      name: isStr(nIn.name) ? nIn.name : nIn.id,
      networkSecurityGroupId: nsgId,
      enableIPForwarding: flagAt(nIn.enableIPForwarding, [...path, 'enableIPForwarding'], nIn.id),
      ipConfigurations: [],
    };
    const names = new Set<string>();
    const nicVnets = new Set<string>();
    listAt<unknown>(nIn.ipConfigurations, [...path, 'ipConfigurations'], nIn.id).forEach((c, j) => {
      const cpath: Path = [...path, 'ipConfigurations', j];
      if (!c || typeof c !== 'object') {
        issues.push(issue('InvalidIpConfiguration', cpath, 'an IP configuration must be an object', nIn.id));
        return;
      }
      const cIn = c as Record<string, unknown>;
      const rid = isStr(cIn.id) && cIn.id !== '' ? cIn.id : nIn.id;
      // Every problem of the configuration is reported before it is dropped (never stop at the first).
      let ok = true;
      const name = isStr(cIn.name) && cIn.name !== '' && !names.has(cIn.name.toLowerCase()) ? cIn.name : null;
      if (name === null) {
        issues.push(
          issue('InvalidIpConfiguration', [...cpath, 'name'], 'an IP configuration needs a unique name', rid),
        );
        ok = false;
      }
      const parsedIp = isStr(cIn.privateIPAddress) ? parseAddressPrefix(cIn.privateIPAddress) : null;
      const ip =
        parsedIp && parsedIp.ok && isStr(cIn.privateIPAddress) && !cIn.privateIPAddress.includes('/')
          ? parsedIp.value
          : null;
      if (ip === null) {
        issues.push(
          issue(
            'InvalidIpAddress',
            [...cpath, 'privateIPAddress'],
            `'${show(cIn.privateIPAddress)}' is not a valid IP address`,
            rid,
          ),
        );
        ok = false;
      } else if (cIn.privateIPAddressVersion !== undefined && cIn.privateIPAddressVersion !== null) {
        const ver = caseMatch(cIn.privateIPAddressVersion, ['IPv4', 'IPv6'] as const);
        if (!ver || (ver === 'IPv4') !== (ip.family === 4)) {
          issues.push(
            issue(
              'InvalidIpAddressVersion',
              [...cpath, 'privateIPAddressVersion'],
              `privateIPAddressVersion '${show(cIn.privateIPAddressVersion)}' does not match ${ip.text}`,
              rid,
            ),
          );
          ok = false;
        }
      }
      const subnet = isStr(cIn.subnetId) ? subnets.get(idKey(cIn.subnetId)) : undefined;
      if (!subnet) {
        issues.push(
          issue(
            'ReferencedResourceNotFound',
            [...cpath, 'subnetId'],
            `subnet '${show(cIn.subnetId)}' does not exist`,
            rid,
          ),
        );
        ok = false;
      }
      const asgList = listAt<unknown>(
        cIn.applicationSecurityGroupIds,
        [...cpath, 'applicationSecurityGroupIds'],
        rid,
      );
      /** The ASG entry k names, or undefined once it is reported as not found. */
      const knownAsg = (a: unknown, k: number) => {
        const asg = isStr(a) ? asgs.get(idKey(a)) : undefined;
        if (!asg) {
          issues.push(
            issue(
              'ReferencedResourceNotFound',
              [...cpath, 'applicationSecurityGroupIds', k],
              `application security group '${show(a)}' does not exist`,
              rid,
            ),
          );
        }
        return asg;
      };
      if (!ok || !subnet || !ip || name === null) {
        // Dropped: still name the unknown ASGs, but record no membership.
        asgList.forEach(knownAsg);
        return;
      }
      const family = ip.family;
      if (
        !subnet.addressPrefixes.some((p) => p.family === family && p.first <= ip.first && ip.first <= p.last)
      ) {
        issues.push(
          issue(
            'IpAddressOutsideSubnet',
            [...cpath, 'privateIPAddress'],
            `${ip.text} is not inside the address prefixes of subnet '${subnet.id}'`,
            rid,
            'warning',
          ),
        );
      }
      const asgIdsOut: string[] = [];
      asgList.forEach((a, k) => {
        const asg = knownAsg(a, k);
        if (!asg) return;
        const set = asgVnets.get(idKey(asg.id)) ?? new Set<string>();
        const vnetKey = idKey(subnet.virtualNetworkId);
        if (set.size > 0 && !set.has(vnetKey)) {
          // §5: every IP configuration of an ASG is in the VNet of the first one assigned to it.
          issues.push(
            issue(
              'ApplicationSecurityGroupInDifferentVirtualNetwork',
              [...cpath, 'applicationSecurityGroupIds', k],
              `application security group '${asg.id}' already has members in another virtual network; all its members must be in one virtual network (the first one's)`,
              rid,
            ),
          );
          return;
        }
        asgIdsOut.push(asg.id);
        set.add(vnetKey);
        asgVnets.set(idKey(asg.id), set);
      });
      names.add(name.toLowerCase());
      nicVnets.add(idKey(subnet.virtualNetworkId));
      const cfg: IpConfiguration = {
        id: isStr(cIn.id) && cIn.id !== '' ? cIn.id : null,
        name,
        networkInterfaceId: nIn.id,
        family,
        privateIPAddress: ip.text.replace(/\/\d+$/, ''),
        v4: family === 4 ? Number(ip.first) : 0,
        v6: family === 6 ? BigInt(ip.first) : 0n,
        primary: cIn.primary === true,
        subnetId: subnet.id,
        applicationSecurityGroupIds: asgIdsOut,
      };
      nic.ipConfigurations.push(cfg);
    });
    const primaries = nic.ipConfigurations.filter((c) => c.primary);
    if (primaries.length !== 1) {
      issues.push(
        issue(
          'NicPrimaryIpConfigurationCount',
          [...path, 'ipConfigurations'],
          `a network interface needs exactly one primary IP configuration (found ${primaries.length})`,
          nIn.id,
        ),
      );
    } else if (primaries[0]?.family !== 4) {
      issues.push(
        issue(
          'NicPrimaryIpConfigurationNotIpv4',
          [...path, 'ipConfigurations'],
          'the primary IP configuration must be IPv4',
          nIn.id,
        ),
      );
    }
    if (nic.ipConfigurations.filter((c) => c.family === 6).length > 1) {
      issues.push(
        issue(
          'NicTooManyIpv6Addresses',
          [...path, 'ipConfigurations'],
          'a network interface holds at most one private IPv6 address',
          nIn.id,
        ),
      );
    }
    if (nicVnets.size > 1) {
      issues.push(
        issue(
          'NicIpConfigurationsInDifferentVirtualNetworks',
          [...path, 'ipConfigurations'],
          'all IP configurations of a network interface must be in one virtual network',
          nIn.id,
        ),
      );
    }
    nics.set(idKey(nIn.id), nic);
    network.networkInterfaces.push(nic);
  });

  // VMs
  const nicOwner = new Map<string, string>();
  arrayOf<unknown>(input.virtualMachines).forEach((v, i) => {
    const path: Path = ['virtualMachines', i];
    if (!requireResource(v, path, 'a virtual machine')) return;
    const vIn = v as Record<string, unknown> & { id: string };
    const power = isStr(vIn.powerState) ? vIn.powerState.toLowerCase() : 'running';
    const vm: VirtualMachine = {
      id: vIn.id,
      name: isStr(vIn.name) ? vIn.name : vIn.id,
      location: normaliseLocation(vIn.location),
      running: !(power.includes('deallocat') || power.includes('stop')),
      networkInterfaces: [],
    };
    listAt<unknown>(vIn.networkInterfaces, [...path, 'networkInterfaces'], vIn.id).forEach((r, j) => {
      const rpath: Path = [...path, 'networkInterfaces', j];
      const ref = r as { id?: unknown; primary?: unknown } | null;
      const nic = ref && isStr(ref.id) ? nics.get(idKey(ref.id)) : undefined;
      if (!nic) {
        issues.push(
          issue(
            'ReferencedResourceNotFound',
            [...rpath, 'id'],
            `network interface '${show(ref?.id)}' does not exist`,
            vIn.id,
          ),
        );
        return;
      }
      const owner = nicOwner.get(idKey(nic.id));
      if (owner !== undefined) {
        issues.push(
          issue(
            'NicAttachedToSeveralVms',
            [...rpath, 'id'],
            `network interface '${nic.id}' is already attached to '${owner}'`,
            vIn.id,
          ),
        );
        return;
      }
      nicOwner.set(idKey(nic.id), vIn.id);
      vm.networkInterfaces.push({ id: nic.id, primary: ref?.primary === true });
    });
    if (vm.networkInterfaces.length > 1 && vm.networkInterfaces.filter((n) => n.primary).length !== 1) {
      issues.push(
        issue(
          'VmPrimaryNicCount',
          [...path, 'networkInterfaces'],
          'a virtual machine with several network interfaces needs exactly one primary',
          vIn.id,
        ),
      );
    }
    network.virtualMachines.push(vm);
  });

  // NSG rule cross-checks: ASG existence, ASGs of both sides in one VNet, known tags.
  for (const { nsg, rules } of pendingByNsg) {
    for (const p of rules) {
      const rid = p.rule.id ?? nsg.id;
      let ok = true;
      const resolved = (ids: string[], side: string): string[] => {
        return ids.map((id, k) => {
          const asg = asgs.get(idKey(id));
          if (!asg) {
            issues.push(
              issue(
                'ReferencedResourceNotFound',
                [...p.path, `${side}ApplicationSecurityGroupIds`, k],
                `application security group '${id}' does not exist`,
                rid,
              ),
            );
            ok = false;
            return id;
          }
          return asg.id;
        });
      };
      resolved(p.asgIds.source, 'source');
      resolved(p.asgIds.destination, 'destination');
      if (ok && p.asgIds.source.length > 0 && p.asgIds.destination.length > 0) {
        const vs = new Set<string>();
        for (const id of [...p.asgIds.source, ...p.asgIds.destination]) {
          for (const vk of asgVnets.get(idKey(id)) ?? []) vs.add(vk);
        }
        if (vs.size > 1) {
          issues.push(
            issue(
              'SecurityRuleApplicationSecurityGroupsInDifferentVirtualNetworks',
              [...p.path, 'sourceApplicationSecurityGroupIds'],
              'application security groups used as source and destination of one rule must have their NICs in the same virtual network',
              rid,
            ),
          );
          ok = false;
        }
      }
      for (const t of p.tags) {
        if (!tagNames.has(t.name.toLowerCase())) {
          issues.push(
            issue(
              'UnknownServiceTag',
              t.path,
              `service tag '${t.name}' is not defined; the rule never matches until the tag is imported`,
              rid,
              'warning',
            ),
          );
        }
      }
      if (ok) nsg.securityRules.push(p.rule);
    }
    nsg.securityRules.push(...DEFAULT_SECURITY_RULES.map((r) => ({ ...r })));
  }

  // Network managers
  arrayOf<unknown>(input.networkManagers).forEach((m, i) => {
    const path: Path = ['networkManagers', i];
    if (!requireResource(m, path, 'a network manager')) return;
    const mIn = m as Record<string, unknown> & { id: string };
    const scopeIn = (mIn.scope ?? {}) as { managementGroups?: unknown; subscriptions?: unknown };
    const manager: NetworkManager = {
      id: mIn.id,
      name: isStr(mIn.name) ? mIn.name : mIn.id,
      scope: {
        managementGroups: listAt<unknown>(
          scopeIn.managementGroups,
          [...path, 'scope', 'managementGroups'],
          mIn.id,
        ).filter(isStr),
        subscriptions: listAt<unknown>(
          scopeIn.subscriptions,
          [...path, 'scope', 'subscriptions'],
          mIn.id,
        ).filter(isStr),
      },
      networkGroups: [],
      securityAdminConfigurations: [],
      deployments: [],
    };
    const groups = new Map<string, NetworkGroup>();
    listAt<unknown>(mIn.networkGroups, [...path, 'networkGroups'], mIn.id).forEach((g, j) => {
      const gpath: Path = [...path, 'networkGroups', j];
      if (!requireResource(g, gpath, 'a network group')) return;
      const gIn = g as Record<string, unknown> & { id: string };
      const memberType = caseMatch(gIn.memberType, ['VirtualNetwork', 'Subnet'] as const);
      if (!memberType) {
        issues.push(
          issue(
            'InvalidNetworkGroup',
            [...gpath, 'memberType'],
            'memberType must be VirtualNetwork or Subnet',
            gIn.id,
          ),
        );
        return;
      }
      const members: string[] = [];
      listAt<unknown>(gIn.staticMemberIds, [...gpath, 'staticMemberIds'], gIn.id).forEach((mid, k) => {
        const target = isStr(mid)
          ? memberType === 'VirtualNetwork'
            ? vnets.get(idKey(mid))
            : subnets.get(idKey(mid))
          : undefined;
        if (!target) {
          // Azure lets a group hold members outside what was exported: a warning, and the member adds no
          // addresses until it is in the model (a later import of it makes it count).
          const what = memberType === 'VirtualNetwork' ? 'virtual network' : 'subnet';
          issues.push(
            issue(
              isStr(mid) ? 'NetworkGroupMemberNotInModel' : 'ReferencedResourceNotFound',
              [...gpath, 'staticMemberIds', k],
              isStr(mid)
                ? `${what} '${mid}' is not in the model; the member adds no addresses until it is`
                : `${what} '${show(mid)}' does not exist`,
              gIn.id,
              isStr(mid) ? 'warning' : 'error',
            ),
          );
          return;
        }
        members.push(target.id);
      });
      const group: NetworkGroup = {
        id: gIn.id,
        name: isStr(gIn.name) ? gIn.name : gIn.id,
        memberType,
        staticMemberIds: members,
      };
      groups.set(idKey(gIn.id), group);
      manager.networkGroups.push(group);
    });
    const configs = new Map<string, SecurityAdminConfiguration>();
    listAt<unknown>(
      mIn.securityAdminConfigurations,
      [...path, 'securityAdminConfigurations'],
      mIn.id,
    ).forEach((c, j) => {
      const cpath: Path = [...path, 'securityAdminConfigurations', j];
      if (!requireResource(c, cpath, 'a security admin configuration')) return;
      const cIn = c as Record<string, unknown> & { id: string };
      const apply =
        cIn.applyOnNetworkIntentPolicyBasedServices === undefined ||
        cIn.applyOnNetworkIntentPolicyBasedServices === null
          ? 'None'
          : caseMatch(cIn.applyOnNetworkIntentPolicyBasedServices, [
              'None',
              'All',
              'AllowRulesOnly',
            ] as const);
      if (!apply) {
        issues.push(
          issue(
            'InvalidSecurityAdminConfiguration',
            [...cpath, 'applyOnNetworkIntentPolicyBasedServices'],
            'applyOnNetworkIntentPolicyBasedServices must be None, All or AllowRulesOnly',
            cIn.id,
          ),
        );
      }
      const config: SecurityAdminConfiguration = {
        id: cIn.id,
        name: isStr(cIn.name) ? cIn.name : cIn.id,
        applyOnNetworkIntentPolicyBasedServices: apply ?? 'None',
        ruleCollections: [],
      };
      const tiePriorities = new Map<string, string>();
      listAt<unknown>(cIn.ruleCollections, [...cpath, 'ruleCollections'], cIn.id).forEach((rc, k) => {
        const rcpath: Path = [...cpath, 'ruleCollections', k];
        if (!requireResource(rc, rcpath, 'a rule collection')) return;
        const rcIn = rc as Record<string, unknown> & { id: string };
        const applies: string[] = [];
        listAt<unknown>(rcIn.appliesToGroupIds, [...rcpath, 'appliesToGroupIds'], rcIn.id).forEach(
          (gid, l) => {
            const g = isStr(gid) ? groups.get(idKey(gid)) : undefined;
            if (!g) {
              issues.push(
                issue(
                  'ReferencedResourceNotFound',
                  [...rcpath, 'appliesToGroupIds', l],
                  `network group '${show(gid)}' does not exist in this network manager`,
                  rcIn.id,
                ),
              );
              return;
            }
            applies.push(g.id);
          },
        );
        const collection: AdminRuleCollection = {
          id: rcIn.id,
          name: isStr(rcIn.name) ? rcIn.name : rcIn.id,
          appliesToGroupIds: applies,
          rules: [],
        };
        const priorities = new Set<string>();
        listAt<AdminRuleInput>(rcIn.rules, [...rcpath, 'rules'], rcIn.id).forEach((r, l) => {
          const rpath: Path = [...rcpath, 'rules', l];
          const idOk = !hasId(r) || uniqueId(r.id, rpath);
          const parsed = parseAdminRule(r, rpath, {
            ruleCollectionId: rcIn.id,
            configurationId: cIn.id,
            networkManagerId: mIn.id,
          });
          issues.push(...parsed.issues);
          if (!parsed.rule || !idOk) return;
          const rule = parsed.rule;
          let ok = true;
          for (const g of parsed.networkGroupIds) {
            if (!groups.has(idKey(g.name))) {
              issues.push(
                issue(
                  'ReferencedResourceNotFound',
                  g.path,
                  `network group '${g.name}' does not exist in this network manager`,
                  rule.id,
                ),
              );
              ok = false;
            }
          }
          for (const t of parsed.tags) {
            if (!tagNames.has(t.name.toLowerCase())) {
              issues.push(
                issue(
                  'UnknownServiceTag',
                  t.path,
                  `service tag '${t.name}' is not defined; the rule never matches until the tag is imported`,
                  rule.id,
                  'warning',
                ),
              );
            }
          }
          const pk = `${rule.direction}:${rule.priority}`;
          if (priorities.has(pk)) {
            issues.push(
              issue(
                'AdminRulePriorityConflict',
                [...rpath, 'priority'],
                `priority ${rule.priority} (${rule.direction}) is used twice in rule collection '${rcIn.id}'`,
                rule.id,
              ),
            );
            ok = false;
          }
          if (!ok) return;
          priorities.add(pk);
          const tie = tiePriorities.get(pk);
          if (tie !== undefined && tie !== idKey(rcIn.id)) {
            issues.push(
              issue(
                'AdminRulePriorityTie',
                [...rpath, 'priority'],
                `priority ${rule.priority} (${rule.direction}) is also used in another rule collection of the configuration; ties are broken Deny > AlwaysAllow > Allow > rule id`,
                rule.id,
                'warning',
              ),
            );
          }
          tiePriorities.set(pk, idKey(rcIn.id));
          collection.rules.push(rule);
        });
        config.ruleCollections.push(collection);
      });
      configs.set(idKey(cIn.id), config);
      manager.securityAdminConfigurations.push(config);
    });
    const regionsWithConfig = new Map<string, number>();
    listAt<unknown>(mIn.deployments, [...path, 'deployments'], mIn.id).forEach((d, j) => {
      const dpath: Path = [...path, 'deployments', j];
      if (!d || typeof d !== 'object') {
        issues.push(issue('InvalidDeployment', dpath, 'a deployment must be an object', mIn.id));
        return;
      }
      const dIn = d as Record<string, unknown>;
      if (!isStr(dIn.region) || dIn.region === '') {
        issues.push(issue('InvalidDeployment', [...dpath, 'region'], 'a deployment needs a region', mIn.id));
        return;
      }
      const type = isStr(dIn.deploymentType) ? dIn.deploymentType : '';
      if (type === '') {
        issues.push(
          issue(
            'InvalidDeployment',
            [...dpath, 'deploymentType'],
            'a deployment needs a deploymentType (SecurityAdmin, Connectivity or Routing); it is not applied',
            mIn.id,
          ),
        );
      }
      const ids: string[] = [];
      listAt<unknown>(dIn.configurationIds, [...dpath, 'configurationIds'], mIn.id).forEach((cid, k) => {
        const cfg = isStr(cid) ? configs.get(idKey(cid)) : undefined;
        if (!cfg) {
          if (type.toLowerCase() === 'securityadmin') {
            issues.push(
              issue(
                'ReferencedResourceNotFound',
                [...dpath, 'configurationIds', k],
                `configuration '${show(cid)}' does not exist in this network manager`,
                mIn.id,
              ),
            );
          } else if (isStr(cid)) ids.push(cid);
          return;
        }
        ids.push(cfg.id);
      });
      if (type.toLowerCase() === 'securityadmin') {
        const region = normaliseLocation(dIn.region);
        const count = (regionsWithConfig.get(region) ?? 0) + ids.length;
        regionsWithConfig.set(region, count);
        if (count > 1) {
          issues.push(
            issue(
              'SeveralSecurityAdminConfigurationsInRegion',
              [...dpath, 'configurationIds'],
              `only one security admin configuration can be deployed to region '${dIn.region}'; all are applied`,
              mIn.id,
              'warning',
            ),
          );
        }
      }
      manager.deployments.push({
        region: normaliseLocation(dIn.region),
        deploymentType: type,
        configurationIds: ids,
      });
    });
    network.networkManagers.push(manager);
  });

  return { network, issues };
}

interface ServiceTagInputLike {
  name?: unknown;
  addressPrefixes?: unknown;
}
