/**
 * The verifier (task §2): target resolution (§6.1), layer order (§6.2), reporting (§6.3), trace and
 * detail, effective security rules. Flows are evaluated against compiled policies (compile.ts), cached
 * lazily per (NIC, IP configuration). Nothing here throws on user data.
 */
import { show } from './parse';
import {
  type IpAddress,
  ipv6FromWords,
  ipv6Words,
  parseIpv4Fast,
  parseIpv6Fast,
  parseIpv6Words,
  setToPrefixTexts,
} from './address';
import {
  type CompiledLayer,
  type CompiledPolicy,
  type CompiledPolicyWithProbes,
  type CompiledRule,
  type DecisionTable,
  type FlowTuple,
  checkCompiledRule,
  compileForConfig,
  firstMatchInTable as fastFirstMatch,
  unknownTagNotes,
} from './compile';
import { type NetworkIndex, indexNetwork, isPlatformAddress, key, resolveSide } from './context';
import { type PolicyProbe, portSegment, remoteSegment4, remoteSegment6 } from './probe';
import type {
  DecisionLayer,
  EffectiveSecurityRule,
  FlowQueryInput,
  FlowVerdict,
  IpConfiguration,
  Network,
  NetworkInterface,
  QueryError,
  QueryErrorCode,
  RuleMatchDetail,
  TraceLayer,
  VerifyOptions,
  VerifyResult,
  VirtualMachine,
} from './model';

export type EffectiveSecurityRulesResult =
  { ok: true; rules: EffectiveSecurityRule[] } | { ok: false; error: QueryError };

export interface Verifier {
  /** The network this verifier answers for (immutable: a changed network needs a new verifier). */
  readonly network: Network;
  /** IP flow verify. Never throws: bad queries come back as `{ ok: false, error }`. */
  verifyFlow(query: FlowQueryInput, options?: VerifyOptions): VerifyResult;
  /** Effective security rules of a NIC (its primary IP configuration's context). Never throws. */
  effectiveSecurityRules(nicId: string): EffectiveSecurityRulesResult;
  /** The cached compiled policy of a NIC IP configuration (primary when omitted), or null if unknown. */
  compiledPolicy(nicId: string, ipConfigName?: string): CompiledPolicy | null;
}

interface ConfigEntry {
  cfg: IpConfiguration;
  family: 4 | 6;
  v4: number;
  policy: CompiledPolicyWithProbes | null | undefined;
  /** Verdicts already built for the policy's inbound / outbound probe (see `VerdictMemo`). */
  inboundMemo: VerdictMemo | null;
  outboundMemo: VerdictMemo | null;
  /** IPv6 address as four 32-bit words (zeros for IPv4), compared without bigints. */
  w0: number;
  w1: number;
  w2: number;
  w3: number;
}

function configEntry(cfg: IpConfiguration): ConfigEntry {
  const [w0, w1, w2, w3] = cfg.family === 6 ? ipv6Words(cfg.v6) : [0, 0, 0, 0];
  return {
    cfg,
    family: cfg.family,
    v4: cfg.v4,
    policy: undefined,
    inboundMemo: null,
    outboundMemo: null,
    w0,
    w1,
    w2,
    w3,
  };
}

/** Query IPv6 addresses as words: local at 0–3, remote at 4–7 (verification is synchronous). */
const queryWords = new Uint32Array(8);

interface NicEntry {
  nic: NetworkInterface;
  /** Lower-cased id. */
  key: string;
  configs: ConfigEntry[];
  primary: ConfigEntry | null;
}

interface VmEntry {
  vm: VirtualMachine;
  nics: NicEntry[];
  anyForwarding: boolean;
}

function fail(code: QueryErrorCode, field: keyof FlowQueryInput, message: string): VerifyResult {
  return { ok: false, error: { code, field, message } };
}

/** Parses a query port: 0–65535 in canonical decimal → the number; `*` → -1; otherwise -2. */
function parseQueryPort(s: unknown): number {
  if (typeof s !== 'string') return -2;
  const n = s.length;
  if (n === 1 && s.charCodeAt(0) === 42) return -1;
  if (n === 0 || n > 5) return -2;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -2;
    if (i === 0 && c === 48 && n > 1) return -2;
    v = v * 10 + (c - 48);
  }
  return v <= 65535 ? v : -2;
}

/** Query addresses keep the caller's text (used only in messages). */
function parseQueryIp(s: unknown): IpAddress | null {
  if (typeof s !== 'string') return null;
  const v4 = parseIpv4Fast(s);
  if (v4 >= 0) return { family: 4, v4, v6: 0n, text: s };
  const v6 = parseIpv6Fast(s);
  return v6 === null ? null : { family: 6, v4: 0, v6, text: s };
}

/**
 * `s` equals `a` or, ignoring ASCII case, `lowerA` (all lower-case ASCII letters) — the same answer as
 * `s.toLowerCase() === lowerA` for these words, without building a string per query.
 */
function caseIs(s: unknown, a: string, lowerA: string): boolean {
  if (s === a) return true;
  if (typeof s !== 'string' || s.length !== lowerA.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const t = lowerA.charCodeAt(i);
    if (c !== t && !(c >= 65 && c <= 90 && c + 32 === t)) return false;
  }
  return true;
}

export function createVerifier(network: Network): Verifier {
  const idx: NetworkIndex = indexNetwork(network);
  const vmEntries = new Map<string, VmEntry | null>();
  const nicEntries = new Map<string, NicEntry>();

  const nicEntry = (nic: NetworkInterface): NicEntry => {
    const k = key(nic.id);
    let e = nicEntries.get(k);
    if (!e) {
      const configs = nic.ipConfigurations.map(configEntry);
      const primary = configs.find((c) => c.cfg.primary) ?? configs.find((c) => c.cfg.family === 4) ?? null;
      e = { nic, key: k, configs, primary };
      nicEntries.set(k, e);
    }
    return e;
  };

  const vmEntry = (id: string): VmEntry | null => {
    let e = vmEntries.get(id);
    if (e !== undefined) return e;
    const vm = idx.vms.get(key(id));
    if (!vm) e = null;
    else {
      const nics: NicEntry[] = [];
      for (const ref of vm.networkInterfaces) {
        const nic = idx.nics.get(key(ref.id));
        if (nic) nics.push(nicEntry(nic));
      }
      e = { vm, nics, anyForwarding: nics.some((n) => n.nic.enableIPForwarding) };
    }
    if (vmEntries.size < 100_000) vmEntries.set(id, e);
    return e;
  };

  /** NIC by the id as the query spells it (any case), cached like `vmEntry`; null when unknown. */
  const nicsByQueryId = new Map<string, NicEntry | null>();
  const nicByQueryId = (id: string): NicEntry | null => {
    let e = nicsByQueryId.get(id);
    if (e !== undefined) return e;
    const nic = idx.nics.get(key(id));
    e = nic ? nicEntry(nic) : null;
    if (nicsByQueryId.size < 100_000) nicsByQueryId.set(id, e);
    return e;
  };

  const policyOf = (n: NicEntry, c: ConfigEntry): CompiledPolicyWithProbes | null => {
    if (c.policy === undefined) c.policy = compileForConfig(idx, n.nic, c.cfg);
    return c.policy;
  };

  function verifyFlow(q: FlowQueryInput, options?: VerifyOptions): VerifyResult {
    if (q === null || typeof q !== 'object')
      return fail('NotFound', 'targetResourceId', 'the query must be an object');
    const d = q.direction;
    let inbound: boolean;
    if (caseIs(d, 'Inbound', 'inbound')) inbound = true;
    else if (caseIs(d, 'Outbound', 'outbound')) inbound = false;
    else return fail('InvalidDirection', 'direction', `direction '${show(d)}' must be Inbound or Outbound`);
    const pr = q.protocol;
    let isTcp: boolean;
    if (caseIs(pr, 'TCP', 'tcp')) isTcp = true;
    else if (caseIs(pr, 'UDP', 'udp')) isTcp = false;
    else return fail('InvalidProtocol', 'protocol', `protocol '${show(pr)}' must be TCP or UDP`);

    // Addresses: parsed on char codes into numbers (IPv4) or 32-bit words (IPv6); nothing is allocated.
    const ls = q.localIpAddress;
    const rs = q.remoteIpAddress;
    const lv4 = typeof ls === 'string' ? parseIpv4Fast(ls) : -1;
    const rv4 = typeof rs === 'string' ? parseIpv4Fast(rs) : -1;
    let family: 4 | 6 = 4;
    if (lv4 < 0 || rv4 < 0) {
      const w = queryWords;
      const localFamily = lv4 >= 0 ? 4 : typeof ls === 'string' && parseIpv6Words(ls, w, 0) ? 6 : 0;
      if (localFamily === 0) {
        return fail('InvalidIpAddress', 'localIpAddress', `'${show(ls)}' is not a valid IP address`);
      }
      const remoteFamily = rv4 >= 0 ? 4 : typeof rs === 'string' && parseIpv6Words(rs, w, 4) ? 6 : 0;
      if (remoteFamily === 0) {
        return fail('InvalidIpAddress', 'remoteIpAddress', `'${show(rs)}' is not a valid IP address`);
      }
      if (network.options.strictIpv4) {
        if (localFamily === 6) {
          return fail(
            'Ipv6NotSupported',
            'localIpAddress',
            'IPv6 addresses are not supported in strict mode',
          );
        }
        if (remoteFamily === 6) {
          return fail(
            'Ipv6NotSupported',
            'remoteIpAddress',
            'IPv6 addresses are not supported in strict mode',
          );
        }
      }
      if (localFamily !== remoteFamily) {
        return fail(
          'AddressFamilyMismatch',
          'remoteIpAddress',
          `local address is IPv${localFamily} but remote address is IPv${remoteFamily}`,
        );
      }
      family = 6;
    }

    const localPort = parseQueryPort(q.localPort);
    const remotePort = parseQueryPort(q.remotePort);
    if (localPort === -2 || (localPort === -1 && inbound)) {
      return fail(
        'InvalidPort',
        'localPort',
        localPort === -1
          ? "'*' is allowed only for the source-side port (the local port when outbound)"
          : `'${show(q.localPort)}' must be an integer 0–65535`,
      );
    }
    if (remotePort === -2 || (remotePort === -1 && !inbound)) {
      return fail(
        'InvalidPort',
        'remotePort',
        remotePort === -1
          ? "'*' is allowed only for the source-side port (the remote port when inbound)"
          : `'${show(q.remotePort)}' must be an integer 0–65535`,
      );
    }
    if (typeof q.targetResourceId !== 'string')
      return fail('NotFound', 'targetResourceId', 'targetResourceId is required');
    const vm = vmEntry(q.targetResourceId);
    if (!vm)
      return fail('NotFound', 'targetResourceId', `virtual machine '${q.targetResourceId}' was not found`);
    if (!vm.vm.running)
      return fail('VmNotRunning', 'targetResourceId', `virtual machine '${vm.vm.id}' is not running`);

    // §6.1: NIC and IP configuration
    let nic: NicEntry | null = null;
    let cfg: ConfigEntry | null = null;
    let forwarded = false;
    const t = q.targetNicResourceId;
    if (t !== undefined && t !== null && t !== '') {
      const named = typeof t === 'string' ? nicByQueryId(t) : null;
      if (!named)
        return fail('NotFound', 'targetNicResourceId', `network interface '${show(t)}' was not found`);
      for (let i = 0; i < vm.nics.length; i++) if (vm.nics[i] === named) nic = named;
      if (!nic) {
        return fail(
          'NicNotAttachedToVm',
          'targetNicResourceId',
          `network interface '${named.nic.id}' is not attached to '${vm.vm.id}'`,
        );
      }
      cfg = findConfig(nic, family, lv4);
    } else {
      if (vm.nics.length > 1 && vm.anyForwarding) {
        return fail(
          'TargetNicRequired',
          'targetNicResourceId',
          'the virtual machine has several network interfaces and IP forwarding is enabled on one of them: name the NIC',
        );
      }
      for (let i = 0; i < vm.nics.length; i++) {
        const n = vm.nics[i] as NicEntry;
        const c = findConfig(n, family, lv4);
        if (c) {
          nic = n;
          cfg = c;
          break;
        }
      }
      if (!nic && vm.nics.length === 1) nic = vm.nics[0] as NicEntry;
    }
    if (!cfg) {
      if (nic && nic.nic.enableIPForwarding && nic.primary) {
        cfg = nic.primary;
        forwarded = true;
      } else {
        return fail(
          'LocalIpNotOnTarget',
          'localIpAddress',
          `${show(q.localIpAddress)} is not an address of ${nic ? `network interface '${nic.nic.id}'` : `virtual machine '${vm.vm.id}'`}`,
        );
      }
    }
    const n = nic as NicEntry;
    const policy = policyOf(n, cfg);
    if (!policy) return fail('NotFound', 'targetNicResourceId', `the subnet of '${n.nic.id}' was not found`);
    const trace = options !== undefined && (options.trace === true || options.detail === true);
    if (!trace && !forwarded && policy.family === family) {
      if (inbound) {
        const probe = policy.inboundProbe;
        if (probe !== null) {
          const memo = (cfg.inboundMemo ??= new VerdictMemo(probe));
          return decideProbe(policy, probe, memo, isTcp, rv4, localPort, remotePort);
        }
      } else {
        const probe = policy.outboundProbe;
        if (probe !== null) {
          const memo = (cfg.outboundMemo ??= new VerdictMemo(probe));
          return decideProbe(policy, probe, memo, isTcp, rv4, localPort, remotePort);
        }
      }
      const rv6 =
        family === 6
          ? ipv6FromWords(
              queryWords[4] as number,
              queryWords[5] as number,
              queryWords[6] as number,
              queryWords[7] as number,
            )
          : 0n;
      return { ok: true, verdict: decideFast(policy, inbound, isTcp, rv4, rv6, localPort, remotePort) };
    }
    // Trace, detail or a forwarded local address: the rule-by-rule path with full address objects.
    const local = parseQueryIp(ls) as IpAddress;
    const remote = parseQueryIp(rs) as IpAddress;
    const flow: FlowTuple = {
      direction: inbound ? 'Inbound' : 'Outbound',
      localAsgIds: policy.localAsgIds,
      isTcp,
      local,
      remote,
      localPort,
      remotePort,
    };
    return { ok: true, verdict: decide(policy, flow, trace, options?.detail === true, forwarded) };
  }

  function effectiveSecurityRules(nicId: string): EffectiveSecurityRulesResult {
    const nic = typeof nicId === 'string' ? idx.nics.get(key(nicId)) : undefined;
    if (!nic) {
      return {
        ok: false,
        error: {
          code: 'NotFound',
          field: 'targetNicResourceId',
          message: `network interface '${show(nicId)}' was not found`,
        },
      };
    }
    const ne = nicEntry(nic);
    const policy = ne.primary ? policyOf(ne, ne.primary) : null;
    if (!policy || !ne.primary) {
      return {
        ok: false,
        error: {
          code: 'NotFound',
          field: 'targetNicResourceId',
          message: `network interface '${nic.id}' has no usable IP configuration`,
        },
      };
    }
    return { ok: true, rules: effectiveRules(idx, policy) };
  }

  function compiledPolicy(nicId: string, ipConfigName?: string): CompiledPolicy | null {
    if (typeof nicId !== 'string' || (ipConfigName !== undefined && typeof ipConfigName !== 'string'))
      return null;
    const nic = idx.nics.get(key(nicId));
    if (!nic) return null;
    const ne = nicEntry(nic);
    const c =
      ipConfigName === undefined
        ? ne.primary
        : ne.configs.find((x) => x.cfg.name.toLowerCase() === ipConfigName.toLowerCase());
    return c ? policyOf(ne, c) : null;
  }

  return { network, verifyFlow, effectiveSecurityRules, compiledPolicy };
}

/** The NIC's IP configuration holding the query's local address (IPv6: the words in `queryWords[0…3]`). */
function findConfig(n: NicEntry, family: 4 | 6, v4: number): ConfigEntry | null {
  const configs = n.configs;
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i] as ConfigEntry;
    if (c.family !== family) continue;
    if (family === 4) {
      if (c.v4 === v4) return c;
    } else if (
      c.w0 === queryWords[0] &&
      c.w1 === queryWords[1] &&
      c.w2 === queryWords[2] &&
      c.w3 === queryWords[3]
    ) {
      return c;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Decision
// ---------------------------------------------------------------------------------------------------

function tableOf(layer: CompiledLayer, inbound: boolean): DecisionTable {
  return inbound ? layer.inbound : layer.outbound;
}

/** Index of the first matching rule of the table, by decision table or by walking the rules. */
function firstMatch(t: DecisionTable, f: FlowTuple, walk: boolean): number {
  if (!walk) {
    const remote = f.remote;
    return fastFirstMatch(t, f.isTcp, remote.v4, remote.v6, f.localPort, f.remotePort);
  }
  const rules = t.rules;
  for (let i = 0; i < rules.length; i++) if (checkCompiledRule(rules[i] as CompiledRule, f).matched) return i;
  return -1;
}

function ruleDetails(t: DecisionTable, f: FlowTuple, upTo: number): RuleMatchDetail[] {
  const out: RuleMatchDetail[] = [];
  const last = upTo < 0 ? t.rules.length - 1 : upTo;
  for (let i = 0; i <= last; i++) {
    const r = t.rules[i] as CompiledRule;
    out.push({ ruleName: r.ruleName, priority: r.priority, access: r.access, ...checkCompiledRule(r, f) });
  }
  return out;
}

function traceLayer(
  layer: CompiledLayer,
  t: DecisionTable,
  f: FlowTuple,
  i: number,
  result: TraceLayer['result'],
  detail: boolean,
): TraceLayer {
  const r = i >= 0 ? (t.rules[i] as CompiledRule) : null;
  const out: TraceLayer = {
    layer: layer.layer,
    id: layer.layer === 'adminRule' ? (r?.networkManagerId ?? layer.id) : layer.id,
    appliedTo: layer.appliedTo,
    matchedRule: r
      ? { ruleName: r.ruleName, access: r.access, priority: r.priority, ruleId: r.ruleId }
      : null,
    result,
  };
  if (detail) out.rules = ruleDetails(t, f, i);
  return out;
}

function unknownTagNote(t: DecisionTable, i: number, notes: string[]): void {
  const first = t.firstUnknownTagRule;
  if (first < 0 || (i >= 0 && i < first)) return;
  const last = i < 0 ? t.rules.length - 1 : i;
  for (let k = first; k <= last; k++) {
    const r = t.rules[k] as CompiledRule;
    if (r.unknownTags.length > 0) notes.push(...unknownTagNotes(r));
  }
}

const PLATFORM_NOTE =
  'platform traffic to 168.63.129.16 / 169.254.169.254 (DNS, DHCP, IMDS, health probes) is exempt from NSGs in Azure; the rules were evaluated as written';
const WILDCARD_NOTE =
  "a '*' port matches only rules whose port condition on that side covers every port (0-65535)";
const HOST_VIP_V4 = 0xa83f8110; // 168.63.129.16
const IMDS_V4 = 0xa9fea9fe; // 169.254.169.254

/**
 * The no-trace path: one probe over every layer of the direction (probe.ts) — three searches in all (a `*`
 * port needs none), then per layer an AND of four bitsets. Must decide exactly like `decide` (the property
 * test holds both to the reference scan). IPv6 remote addresses are read from `queryWords[4…7]`.
 */
function decideProbe(
  p: CompiledPolicy,
  probe: PolicyProbe,
  memo: VerdictMemo,
  isTcp: boolean,
  rv4: number,
  localPort: number,
  remotePort: number,
): VerifyResult {
  const sh = probe.shared;
  const n = sh.layerCount;
  const rSeg =
    probe.family === 4
      ? remoteSegment4(sh.remoteStarts, sh.remoteBuckets, rv4)
      : remoteSegment6(
          sh.remoteStarts6,
          queryWords[4] as number,
          queryWords[5] as number,
          queryWords[6] as number,
          queryWords[7] as number,
        );
  // A `*` port (-1) uses each layer's "covers every port" bitset instead of a segment (§7.5).
  const lSeg = localPort >= 0 ? portSegment(sh.localPortStarts, sh.localPortBuckets, localPort) : -1;
  const pSeg = remotePort >= 0 ? portSegment(sh.remotePortStarts, sh.remotePortBuckets, remotePort) : -1;
  const variant = noteVariant(p, rv4, localPort, remotePort);
  let notes: string[] | null = null;
  let adminAllow: CompiledRule | null = null;
  let lastK = -1;
  let lastI = -1;
  for (let k = 0; k < n; k++) {
    const words = sh.words[k] as number;
    const rPool = sh.remotePools[k] as Uint32Array;
    const lPool = (lSeg >= 0 ? sh.localPortPools[k] : probe.localPortFull[k]) as Uint32Array;
    const pPool = (pSeg >= 0 ? sh.remotePortPools[k] : probe.remotePortFull[k]) as Uint32Array;
    const proto = (isTcp ? probe.tcp[k] : probe.udp[k]) as Uint32Array;
    const rOff = sh.remoteOffsets[rSeg * n + k] as number;
    const lOff = lSeg >= 0 ? (sh.localPortOffsets[lSeg * n + k] as number) : 0;
    const pOff = pSeg >= 0 ? (sh.remotePortOffsets[pSeg * n + k] as number) : 0;
    let i = -1;
    for (let j = 0; j < words; j++) {
      const x =
        (proto[j] as number) &
        (rPool[rOff + j] as number) &
        (lPool[lOff + j] as number) &
        (pPool[pOff + j] as number);
      if (x !== 0) {
        i = (j << 5) + (31 - Math.clz32(x & -x));
        break;
      }
    }
    const firstUnknown = probe.firstUnknownTagRule[k] as number;
    if (firstUnknown >= 0 && (i < 0 || i >= firstUnknown))
      unknownTagNote(probe.tables[k] as DecisionTable, i, (notes ??= []));
    if (i < 0) continue;
    const access = ((probe.tables[k] as DecisionTable).rules[i] as CompiledRule).access;
    if (k === 0 && probe.adminFirst) {
      // Admin Deny and AlwaysAllow stop here; an admin Allow lets the NSGs decide (§6.2).
      if (access !== 'Allow') return probeResult(p, probe, memo, 0, i, null, notes, variant);
      adminAllow = (probe.tables[0] as DecisionTable).rules[i] as CompiledRule;
      lastK = 0;
      lastI = i;
      continue;
    }
    if (access === 'Deny') return probeResult(p, probe, memo, k, i, adminAllow, notes, variant);
    lastK = k;
    lastI = i;
  }
  // No layer denied: the last NSG Allow decides, else the admin Allow, else nothing matched.
  if (lastK >= 0) return probeResult(p, probe, memo, lastK, lastI, adminAllow, notes, variant);
  return {
    ok: true,
    verdict: fastVerdict(p, 'Allow', null, 'none', null, null, variantNotes(notes, variant)),
  };
}

/**
 * The no-trace results already built for one probe. Without a trace, a verdict depends only on the deciding
 * rule (layer k, rule i), the admin Allow carried along, and which of the wildcard-port and platform-address
 * notes apply (`noteVariant`); so each is built once, frozen, and returned for every later flow it decides.
 * Results with unknown-tag notes are built fresh. Bounded: per rule, four variants without an admin Allow
 * and four for the last admin Allow seen with it.
 */
class VerdictMemo {
  readonly slots: (MemoSlot | undefined)[][];
  constructor(probe: PolicyProbe) {
    // Filled up front so that the arrays stay packed (a sparse write would make them dictionaries).
    this.slots = probe.tables.map((t) => new Array<MemoSlot | undefined>(t.rules.length).fill(undefined));
  }
}

class MemoSlot {
  readonly plain: (VerifyResult | undefined)[] = [undefined, undefined, undefined, undefined];
  admin: CompiledRule | null = null;
  readonly withAdmin: (VerifyResult | undefined)[] = [undefined, undefined, undefined, undefined];
}

function probeVerdict(
  p: CompiledPolicy,
  probe: PolicyProbe,
  k: number,
  r: CompiledRule,
  admin: CompiledRule | null,
  notes: string[],
): FlowVerdict {
  const access = r.access === 'Deny' ? 'Deny' : 'Allow';
  if (k === 0 && probe.adminFirst) return fastVerdict(p, access, r, 'adminRule', null, r, notes);
  const layer = probe.layers[k] as CompiledLayer;
  return fastVerdict(p, access, r, layer.layer, layer.id, admin, notes);
}

/** The result when rule i of layer k decides (an admin-layer rule carries itself as the admin rule). */
function probeResult(
  p: CompiledPolicy,
  probe: PolicyProbe,
  memo: VerdictMemo,
  k: number,
  i: number,
  adminAllow: CompiledRule | null,
  notes: string[] | null,
  variant: number,
): VerifyResult {
  const r = (probe.tables[k] as DecisionTable).rules[i] as CompiledRule;
  const adminLayer = k === 0 && probe.adminFirst;
  const admin = adminLayer ? r : adminAllow;
  if (notes !== null)
    return { ok: true, verdict: probeVerdict(p, probe, k, r, admin, variantNotes(notes, variant)) };
  const row = memo.slots[k] as (MemoSlot | undefined)[];
  let slot = row[i];
  if (slot === undefined) row[i] = slot = new MemoSlot();
  let results = slot.plain;
  if (!adminLayer && admin !== null) {
    if (slot.admin !== admin) {
      slot.admin = admin;
      slot.withAdmin.fill(undefined);
    }
    results = slot.withAdmin;
  }
  let res = results[variant];
  if (res === undefined) {
    const verdict = probeVerdict(p, probe, k, r, admin, variantNotes(null, variant));
    Object.freeze(verdict.notes);
    Object.freeze(verdict.trace);
    results[variant] = res = Object.freeze({ ok: true, verdict: Object.freeze(verdict) });
  }
  return res;
}

/**
 * The no-trace path: decision tables only, no intermediate objects. Must decide exactly like `decide`
 * (the property test holds both to the reference scan).
 */
function decideFast(
  p: CompiledPolicy,
  inbound: boolean,
  isTcp: boolean,
  rv4: number,
  rv6: bigint,
  localPort: number,
  remotePort: number,
): FlowVerdict {
  const variant = noteVariant(p, rv4, localPort, remotePort);
  let notes: string[] | null = null;
  let adminAllow: CompiledRule | null = null;
  const admin = p.admin;
  if (admin !== null) {
    const t = inbound ? admin.inbound : admin.outbound;
    if (t.rules.length > 0) {
      const i = fastFirstMatch(t, isTcp, rv4, rv6, localPort, remotePort);
      if (t.firstUnknownTagRule >= 0 && (i < 0 || i >= t.firstUnknownTagRule))
        unknownTagNote(t, i, (notes ??= []));
      if (i >= 0) {
        const r = t.rules[i] as CompiledRule;
        if (r.access !== 'Allow') {
          const access = r.access === 'Deny' ? 'Deny' : 'Allow';
          return fastVerdict(p, access, r, 'adminRule', null, r, variantNotes(notes, variant));
        }
        adminAllow = r;
      }
    }
  }
  const layers = inbound ? p.inboundNsgLayers : p.outboundNsgLayers;
  let last: CompiledRule | null = null;
  let lastLayer: CompiledLayer | null = null;
  for (let k = 0; k < layers.length; k++) {
    const layer = layers[k] as CompiledLayer;
    const t = inbound ? layer.inbound : layer.outbound;
    const i = fastFirstMatch(t, isTcp, rv4, rv6, localPort, remotePort);
    if (t.firstUnknownTagRule >= 0 && (i < 0 || i >= t.firstUnknownTagRule))
      unknownTagNote(t, i, (notes ??= []));
    if (i < 0) continue;
    const r = t.rules[i] as CompiledRule;
    if (r.access === 'Deny') {
      return fastVerdict(p, 'Deny', r, layer.layer, layer.id, adminAllow, variantNotes(notes, variant));
    }
    last = r;
    lastLayer = layer;
  }
  return fastAllow(p, last, lastLayer, adminAllow, variantNotes(notes, variant));
}

/**
 * The verdict when no layer denied: the last NSG allow decides, else an admin Allow, else nothing matched (allowed,
 * decided by none).
 */
function fastAllow(
  p: CompiledPolicy,
  last: CompiledRule | null,
  lastLayer: CompiledLayer | null,
  adminAllow: CompiledRule | null,
  notes: string[],
): FlowVerdict {
  if (last !== null && lastLayer !== null)
    return fastVerdict(p, 'Allow', last, lastLayer.layer, lastLayer.id, adminAllow, notes);
  if (adminAllow !== null) return fastVerdict(p, 'Allow', adminAllow, 'adminRule', null, adminAllow, notes);
  return fastVerdict(p, 'Allow', null, 'none', null, null, notes);
}

/** Which of the wildcard-port (bit 0) and platform-address (bit 1) notes a flow's verdict carries. */
function noteVariant(p: CompiledPolicy, rv4: number, localPort: number, remotePort: number): number {
  let v = localPort === -1 || remotePort === -1 ? 1 : 0;
  const lv4 = p.localAddress.v4;
  if (p.family === 4 && (rv4 === HOST_VIP_V4 || rv4 === IMDS_V4 || lv4 === HOST_VIP_V4 || lv4 === IMDS_V4))
    v |= 2;
  return v;
}

/** `notes` (unknown-tag notes, or null) followed by the variant's notes. */
function variantNotes(notes: string[] | null, variant: number): string[] {
  const out = notes ?? [];
  if ((variant & 1) !== 0) out.push(WILDCARD_NOTE);
  if ((variant & 2) !== 0) out.push(PLATFORM_NOTE);
  return out;
}

function fastVerdict(
  p: CompiledPolicy,
  access: 'Allow' | 'Deny',
  r: CompiledRule | null,
  decidedBy: DecisionLayer,
  nsgId: string | null,
  admin: CompiledRule | null,
  notes: string[],
): FlowVerdict {
  return {
    access,
    ruleName: r !== null ? r.ruleName : null,
    decidedBy,
    ruleKind: r !== null ? r.kind : null,
    networkSecurityGroupId: nsgId,
    ruleId: r !== null ? r.ruleId : null,
    adminRuleId: admin !== null ? admin.ruleId : null,
    adminConfigurationId: admin !== null ? admin.configurationId : null,
    networkManagerId: admin !== null ? admin.networkManagerId : null,
    networkInterfaceId: p.networkInterfaceId,
    ipConfigurationName: p.ipConfigurationName,
    trace: [],
    notes,
  };
}

function decide(
  p: CompiledPolicy,
  f: FlowTuple,
  trace: boolean,
  detail: boolean,
  forwarded: boolean,
): FlowVerdict {
  const inbound = f.direction === 'Inbound';
  const walk = trace || forwarded;
  const notes: string[] = [];
  const layers: TraceLayer[] = [];
  let adminAllow: CompiledRule | null = null;
  if (p.admin) {
    const t = tableOf(p.admin, inbound);
    if (t.rules.length > 0) {
      const i = firstMatch(t, f, walk);
      if (t.firstUnknownTagRule >= 0) unknownTagNote(t, i, notes);
      const r = i >= 0 ? (t.rules[i] as CompiledRule) : null;
      if (trace) {
        const result = r === null ? 'Continue' : r.access === 'Allow' ? 'Continue' : r.access;
        layers.push(traceLayer(p.admin, t, f, i, result, detail));
      }
      if (r) {
        if (r.access === 'Deny' || r.access === 'AlwaysAllow') {
          return verdict(
            p,
            f,
            r.access === 'Deny' ? 'Deny' : 'Allow',
            r,
            'adminRule',
            null,
            r,
            layers,
            notes,
            forwarded,
          );
        }
        adminAllow = r;
      }
    }
  }
  const nsgLayers = inbound ? p.inboundNsgLayers : p.outboundNsgLayers;
  let last: CompiledRule | null = null;
  let lastLayer: CompiledLayer | null = null;
  for (let k = 0; k < nsgLayers.length; k++) {
    const layer = nsgLayers[k] as CompiledLayer;
    const t = tableOf(layer, inbound);
    const i = firstMatch(t, f, walk);
    if (t.firstUnknownTagRule >= 0) unknownTagNote(t, i, notes);
    if (i < 0) continue; // unreachable while the defaults end every NSG with DenyAll
    const r = t.rules[i] as CompiledRule;
    if (trace) layers.push(traceLayer(layer, t, f, i, r.access === 'Deny' ? 'Deny' : 'Allow', detail));
    if (r.access === 'Deny')
      return verdict(p, f, 'Deny', r, layer.layer, layer.id, adminAllow, layers, notes, forwarded);
    last = r;
    lastLayer = layer;
  }
  if (last && lastLayer)
    return verdict(p, f, 'Allow', last, lastLayer.layer, lastLayer.id, adminAllow, layers, notes, forwarded);
  if (adminAllow)
    return verdict(p, f, 'Allow', adminAllow, 'adminRule', null, adminAllow, layers, notes, forwarded);
  return verdict(p, f, 'Allow', null, 'none', null, null, layers, notes, forwarded);
}

function verdict(
  p: CompiledPolicy,
  f: FlowTuple,
  access: 'Allow' | 'Deny',
  r: CompiledRule | null,
  decidedBy: DecisionLayer,
  nsgId: string | null,
  admin: CompiledRule | null,
  trace: TraceLayer[],
  notes: string[],
  forwarded: boolean,
): FlowVerdict {
  if (f.localPort === -1 || f.remotePort === -1) notes.push(WILDCARD_NOTE);
  if (forwarded) {
    notes.push(
      `${f.local.text} is not an address of the NIC; evaluated with its IP forwarding context (primary IP configuration '${p.ipConfigurationName}')`,
    );
  }
  if (isPlatformAddress(f.remote) || isPlatformAddress(f.local)) notes.push(PLATFORM_NOTE);
  return {
    access,
    ruleName: r ? r.ruleName : null,
    decidedBy,
    ruleKind: r ? r.kind : null,
    networkSecurityGroupId: nsgId,
    ruleId: r ? r.ruleId : null,
    adminRuleId: admin ? admin.ruleId : null,
    adminConfigurationId: admin ? admin.configurationId : null,
    networkManagerId: admin ? admin.networkManagerId : null,
    networkInterfaceId: p.networkInterfaceId,
    ipConfigurationName: p.ipConfigurationName,
    trace,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------------
// Effective security rules
// ---------------------------------------------------------------------------------------------------

function effectiveRules(idx: NetworkIndex, p: CompiledPolicy): EffectiveSecurityRule[] {
  const vnet = idx.vnets.get(key(p.virtualNetworkId));
  const out: EffectiveSecurityRule[] = [];
  if (!vnet) return out;
  for (const inbound of [true, false]) {
    const layers = [p.admin, ...(inbound ? p.inboundNsgLayers : p.outboundNsgLayers)];
    for (const layer of layers) {
      if (!layer) continue;
      for (const r of tableOf(layer, inbound).rules) {
        const src = r.nsgRule?.source ?? r.adminRule?.sources ?? [];
        const dst = r.nsgRule?.destination ?? r.adminRule?.destinations ?? [];
        const isDefault = r.kind === 'default';
        const display = (xs: string[], anyText: string): string[] =>
          xs.length === 0 ? [anyText] : xs.map((x) => (x === '*' && isDefault ? anyText : x));
        out.push({
          layer: layer.layer,
          sourceId: layer.layer === 'adminRule' ? (r.networkManagerId ?? layer.id) : layer.id,
          ruleName: r.ruleName,
          ruleKind: r.kind,
          direction: r.direction,
          priority: r.priority,
          access: r.access,
          protocol: r.protocol === '*' ? 'All' : r.protocol,
          sourceAddressPrefixes: display(
            r.nsgRule?.sourceAddressPrefixes ?? r.adminRule?.sourceAddressPrefixes ?? [],
            '0.0.0.0/0',
          ),
          expandedSourceAddressPrefixes: setToPrefixTexts(resolveSide(idx, vnet, src).set),
          sourcePortRanges: display(
            r.nsgRule?.sourcePortRanges ?? r.adminRule?.sourcePortRanges ?? [],
            '0-65535',
          ),
          destinationAddressPrefixes: display(
            r.nsgRule?.destinationAddressPrefixes ?? r.adminRule?.destinationAddressPrefixes ?? [],
            '0.0.0.0/0',
          ),
          expandedDestinationAddressPrefixes: setToPrefixTexts(resolveSide(idx, vnet, dst).set),
          destinationPortRanges: display(
            r.nsgRule?.destinationPortRanges ?? r.adminRule?.destinationPortRanges ?? [],
            '0-65535',
          ),
        });
      }
    }
  }
  return out;
}
