/**
 * The IP flow verify question as it lives in the URL (so a verdict can be shared as a link) and in
 * sessionStorage (so the NSG page can re-run the last question after a rule edit).
 *
 * Search-parameter names are short and readable; values are kept as typed (ports and IPs are validated by
 * the API, which reports the field at fault).
 */

export type FlowDirection = 'INBOUND' | 'OUTBOUND';
export type FlowProtocolName = 'TCP' | 'UDP';

export interface VerifyQuery {
  workspace: string;
  targetResourceId: string;
  targetNicResourceId: string;
  direction: FlowDirection;
  protocol: FlowProtocolName;
  localIpAddress: string;
  localPort: string;
  remoteIpAddress: string;
  remotePort: string;
}

export const DEFAULT_WORKSPACE = 'default';

/** Field → search parameter. Order is the order they appear in a shared link. */
export const VERIFY_PARAMS = {
  workspace: 'workspace',
  targetResourceId: 'vm',
  targetNicResourceId: 'nic',
  direction: 'direction',
  protocol: 'protocol',
  localIpAddress: 'localIp',
  localPort: 'localPort',
  remoteIpAddress: 'remoteIp',
  remotePort: 'remotePort',
} as const satisfies Record<keyof VerifyQuery, string>;

export function emptyVerifyQuery(workspace = DEFAULT_WORKSPACE): VerifyQuery {
  return {
    workspace,
    targetResourceId: '',
    targetNicResourceId: '',
    direction: 'INBOUND',
    protocol: 'TCP',
    localIpAddress: '',
    localPort: '',
    remoteIpAddress: '',
    remotePort: '',
  };
}

function parseDirection(value: string | null): FlowDirection {
  return value?.trim().toUpperCase() === 'OUTBOUND' ? 'OUTBOUND' : 'INBOUND';
}

function parseProtocol(value: string | null): FlowProtocolName {
  return value?.trim().toUpperCase() === 'UDP' ? 'UDP' : 'TCP';
}

interface ParamReader {
  get(name: string): string | null;
}

/** Reads a query from search parameters; missing fields become empty strings (or the defaults). */
export function decodeVerifyQuery(params: ParamReader): VerifyQuery {
  const text = (name: string) => params.get(name)?.trim() ?? '';
  return {
    workspace: text(VERIFY_PARAMS.workspace) || DEFAULT_WORKSPACE,
    targetResourceId: text(VERIFY_PARAMS.targetResourceId),
    targetNicResourceId: text(VERIFY_PARAMS.targetNicResourceId),
    direction: parseDirection(params.get(VERIFY_PARAMS.direction)),
    protocol: parseProtocol(params.get(VERIFY_PARAMS.protocol)),
    localIpAddress: text(VERIFY_PARAMS.localIpAddress),
    localPort: text(VERIFY_PARAMS.localPort),
    remoteIpAddress: text(VERIFY_PARAMS.remoteIpAddress),
    remotePort: text(VERIFY_PARAMS.remotePort),
  };
}

/** Writes a query as search parameters; empty optional fields are left out so links stay short. */
export function encodeVerifyQuery(query: VerifyQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [field, name] of Object.entries(VERIFY_PARAMS) as [keyof VerifyQuery, string][]) {
    const value = query[field].trim();
    if (value !== '') params.set(name, value);
  }
  return params;
}

/** True when every field the API requires is filled in (the NIC is optional for single-NIC VMs). */
export function isVerifyQueryComplete(query: VerifyQuery): boolean {
  return (
    query.targetResourceId !== '' &&
    query.localIpAddress !== '' &&
    query.localPort !== '' &&
    query.remoteIpAddress !== '' &&
    query.remotePort !== ''
  );
}

/** The `VerifyFlowInput` variables for the API. */
export function toVerifyFlowInput(query: VerifyQuery) {
  return {
    workspace: query.workspace || DEFAULT_WORKSPACE,
    targetResourceId: query.targetResourceId,
    targetNicResourceId: query.targetNicResourceId || null,
    direction: query.direction,
    protocol: query.protocol,
    localIpAddress: query.localIpAddress,
    localPort: query.localPort,
    remoteIpAddress: query.remoteIpAddress,
    remotePort: query.remotePort,
  };
}

/** The shareable /verify link for a query. */
export function verifyHref(query: VerifyQuery): string {
  return `/verify?${encodeVerifyQuery(query).toString()}`;
}

/** A short human description, e.g. "TCP 10.0.1.4:22 ← 203.0.113.9:*". */
export function describeVerifyQuery(query: VerifyQuery): string {
  const local = `${query.localIpAddress}:${query.localPort}`;
  const remote = `${query.remoteIpAddress}:${query.remotePort}`;
  return query.direction === 'INBOUND'
    ? `${query.protocol} ${remote} → ${local}`
    : `${query.protocol} ${local} → ${remote}`;
}
