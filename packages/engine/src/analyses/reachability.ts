/**
 * Reachability building block: every flow allowed from one VM to another, as exact port products per
 * (source IP configuration, destination IP configuration, protocol), attributed to the allowing rules of
 * both sides (the source's outbound and the destination's inbound).
 */
import { key } from '../context';
import type { Issue, Network } from '../model';
import {
  type DecidingRule,
  type Grid,
  type Outcome,
  gridProducts,
  portText,
  remoteOffsets,
  sideGrid,
} from './allowed-space';
import { analysisOf, configsOfVm, viewOf, type VmConfig } from './check';

export interface ReachabilityEndpoint {
  networkInterfaceId: string;
  ipConfigurationName: string;
  ipAddress: string;
}

export interface AllowedFlow {
  protocol: 'TCP' | 'UDP';
  source: ReachabilityEndpoint;
  destination: ReachabilityEndpoint;
  /** Every (source port, destination port) of the product is allowed. */
  sourcePorts: string[];
  destinationPorts: string[];
  /** The allowing rules of the source's outbound (`side: 'source'`) and destination's inbound. */
  rules: DecidingRule[];
}

export type AllowedFlowSet =
  | { ok: true; fromVirtualMachineId: string; toVirtualMachineId: string; flows: AllowedFlow[] }
  | { ok: false; error: Issue };

function endpoint(c: VmConfig): ReachabilityEndpoint {
  return { networkInterfaceId: c.nic.id, ipConfigurationName: c.cfg.name, ipAddress: c.cfg.privateIPAddress };
}

/**
 * The allowed flows from `fromVmId` to `toVmId` (IP configurations of the same family on different NICs).
 * Power state is ignored (a policy view). Unknown VM → `{ ok: false }`. Never throws.
 */
export function allowedFlowsBetween(network: Network, fromVmId: string, toVmId: string): AllowedFlowSet {
  const a = analysisOf(network);
  const from = typeof fromVmId === 'string' ? a.idx.vms.get(key(fromVmId)) : undefined;
  const to = typeof toVmId === 'string' ? a.idx.vms.get(key(toVmId)) : undefined;
  for (const [vm, id, field] of [
    [from, fromVmId, 'fromVmId'],
    [to, toVmId, 'toVmId'],
  ] as const) {
    if (!vm) {
      return {
        ok: false,
        error: {
          code: 'NotFound',
          path: [field],
          message: `virtual machine '${String(id)}' was not found`,
          severity: 'error',
        },
      };
    }
  }
  const flows: AllowedFlow[] = [];
  const ctx = a.ctx;
  for (const s of configsOfVm(a.idx, from as NonNullable<typeof from>)) {
    for (const d of configsOfVm(a.idx, to as NonNullable<typeof to>)) {
      if (key(s.nic.id) === key(d.nic.id) || s.cfg.family !== d.cfg.family) continue;
      const so = viewOf(a, s, 'Outbound');
      const di = viewOf(a, d, 'Inbound');
      if (!so || !di) continue;
      for (const isTcp of [true, false]) {
        const g = ctx.pairGrid(
          sideGrid(ctx, so, isTcp, remoteOffsets(so, d.cfg.family === 4 ? d.cfg.v4 : d.cfg.v6)),
          sideGrid(ctx, di, isTcp, remoteOffsets(di, s.cfg.family === 4 ? s.cfg.v4 : s.cfg.v6)),
        );
        const prods = gridProducts(ctx.grids[g] as Grid, (o) =>
          (ctx.outcomes[o] as Outcome).access === 'Allow' ? o : -1,
        );
        for (const [o, ps] of prods) {
          for (const p of ps) {
            flows.push({
              protocol: isTcp ? 'TCP' : 'UDP',
              source: endpoint(s),
              destination: endpoint(d),
              sourcePorts: p.xRanges.map(portText),
              destinationPorts: p.yRanges.map(portText),
              rules: (ctx.outcomes[o] as Outcome).rules,
            });
          }
        }
      }
    }
  }
  return {
    ok: true,
    fromVirtualMachineId: (from as NonNullable<typeof from>).id,
    toVirtualMachineId: (to as NonNullable<typeof to>).id,
    flows,
  };
}
