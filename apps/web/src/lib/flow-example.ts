import { verifyHref, type FlowDirection, type FlowProtocolName } from './verify-query';

/** A concrete flow from the API (FlowExample): a counterexample or a diff example. */
export interface FlowExampleLike {
  targetResourceId: string;
  targetNicResourceId?: string | null;
  direction: FlowDirection;
  protocol: FlowProtocolName;
  localIpAddress: string;
  localPort: string;
  remoteIpAddress: string;
  remotePort: string;
}

/** The IP flow verify link that asks exactly this flow, in `workspace` (a draft `<base>~<draft>` or the live one). */
export function flowExampleHref(example: FlowExampleLike, workspace: string): string {
  return verifyHref({
    workspace,
    targetResourceId: example.targetResourceId,
    targetNicResourceId: example.targetNicResourceId ?? '',
    direction: example.direction,
    protocol: example.protocol,
    localIpAddress: example.localIpAddress,
    localPort: example.localPort,
    remoteIpAddress: example.remoteIpAddress,
    remotePort: example.remotePort,
  });
}
