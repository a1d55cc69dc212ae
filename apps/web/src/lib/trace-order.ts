/**
 * Orders the verdict trace the way Azure evaluates it and marks what happened at each step, so the
 * diagram can show every layer (even ones that were not evaluated) with the deciding rule lit.
 *
 * Inbound:  security admin rules → subnet NSG → NIC NSG
 * Outbound: security admin rules → NIC NSG → subnet NSG
 */

export type TraceLayerKind = 'ADMIN_RULE' | 'SUBNET_NSG' | 'NIC_NSG';
export type DecisionLayerKind = TraceLayerKind | 'NONE';

/** The part of a trace layer this helper needs (the GraphQL `TraceLayer` satisfies it). */
export interface TraceLayerLike {
  layer: DecisionLayerKind;
  result: string;
  matchedRule?: { ruleName: string } | null;
}

export type TraceStepState =
  /** This layer's rule gave the final answer. */
  | 'decided'
  /** Evaluated, and the packet went on to the next layer (an allow, or no admin rule matched). */
  | 'passed'
  /** Never evaluated: an earlier layer ended the evaluation. */
  | 'skipped'
  /** Nothing to evaluate here (no NSG associated, no admin configuration deployed). */
  | 'absent';

export interface TraceStep<L extends TraceLayerLike> {
  kind: TraceLayerKind;
  label: string;
  state: TraceStepState;
  layer: L | null;
}

const LABELS: Record<TraceLayerKind, string> = {
  ADMIN_RULE: 'Security admin rules',
  SUBNET_NSG: 'Subnet NSG',
  NIC_NSG: 'NIC NSG',
};

/** The evaluation order for a direction. */
export function evaluationOrder(direction: 'INBOUND' | 'OUTBOUND'): TraceLayerKind[] {
  return direction === 'INBOUND'
    ? ['ADMIN_RULE', 'SUBNET_NSG', 'NIC_NSG']
    : ['ADMIN_RULE', 'NIC_NSG', 'SUBNET_NSG'];
}

export function traceLayerLabel(kind: DecisionLayerKind): string {
  return kind === 'NONE' ? 'No rule' : LABELS[kind];
}

/**
 * One step per layer in evaluation order. `decidedBy` is the verdict's deciding layer; layers after it are
 * `skipped` unless the trace says they were evaluated (e.g. both NSGs allow: the second one decides).
 */
export function orderTrace<L extends TraceLayerLike>(
  direction: 'INBOUND' | 'OUTBOUND',
  trace: readonly L[],
  decidedBy: DecisionLayerKind,
): TraceStep<L>[] {
  const byKind = new Map<TraceLayerKind, L>();
  for (const layer of trace) {
    if (layer.layer !== 'NONE' && !byKind.has(layer.layer)) byKind.set(layer.layer, layer);
  }

  let ended = false;
  return evaluationOrder(direction).map((kind) => {
    const layer = byKind.get(kind) ?? null;
    let state: TraceStepState;
    if (kind === decidedBy) {
      state = 'decided';
      ended = true;
    } else if (ended) {
      state = layer ? 'skipped' : 'absent';
    } else if (!layer) {
      state = 'absent';
    } else {
      state = 'passed';
    }
    return { kind, label: LABELS[kind], state, layer };
  });
}
