/**
 * IP flow verify over the compiled-policy cache. Bad input becomes BAD_USER_INPUT with the engine's reason code and
 * the offending field; in a batch the first bad flow fails the call with its index.
 */
import { AppError, badInput } from '../errors';
import type { EngineEffectiveSecurityRule, EngineFlowVerdict, FlowQueryInput, Verifier } from '../engine';
import type { ServiceDeps } from './deps';
import type { CompiledWorkspace } from './verifier-cache';
import { DEFAULT_WORKSPACE } from './workspaces';

export const MAX_FLOWS_PER_CALL = 50_000;

export interface FlowInput {
  workspace?: string | null;
  targetResourceId: string;
  targetNicResourceId?: string | null;
  direction: 'INBOUND' | 'OUTBOUND';
  protocol: 'TCP' | 'UDP';
  localIpAddress: string;
  localPort: string;
  remoteIpAddress: string;
  remotePort: string;
}

export interface VerifiedFlow {
  verdict: EngineFlowVerdict;
  query: FlowQueryInput;
  verifier: Verifier;
}

/** The compiled policy of the named workspace, rebuilt only when its version changed. */
export async function getCompiledWorkspace(
  deps: ServiceDeps,
  name: string | null | undefined,
  errorExtra: { index?: number; prefix?: string } = {},
): Promise<CompiledWorkspace> {
  // Remembered (id, version) when fresh enough, else one indexed read (see verifier-cache.ts).
  const ws = await deps.cache.lookupWorkspace(name ?? DEFAULT_WORKSPACE);
  if (!ws) {
    const message = `Workspace '${name ?? DEFAULT_WORKSPACE}' does not exist.`;
    throw badInput('NotFound', errorExtra.prefix ? `${errorExtra.prefix}workspace: ${message}` : message, {
      field: 'workspace',
      index: errorExtra.index,
    });
  }
  return deps.cache.get(ws.id, ws.version);
}

function toQuery(input: FlowInput): FlowQueryInput {
  return {
    targetResourceId: input.targetResourceId,
    targetNicResourceId: input.targetNicResourceId ?? null,
    direction: input.direction === 'INBOUND' ? 'Inbound' : 'Outbound',
    protocol: input.protocol,
    localIpAddress: input.localIpAddress,
    localPort: input.localPort,
    remoteIpAddress: input.remoteIpAddress,
    remotePort: input.remotePort,
  };
}

function evaluate(compiled: CompiledWorkspace, input: FlowInput, index?: number): VerifiedFlow {
  const query = toQuery(input);
  const result = compiled.verifier.verifyFlow(query);
  if (!result.ok) {
    const prefix = index === undefined ? '' : `inputs[${index}].${result.error.field}: `;
    throw new AppError('InvalidInput', `${prefix}${result.error.message}`, {
      reason: result.error.code,
      field: result.error.field,
      index,
    });
  }
  return { verdict: result.verdict, query, verifier: compiled.verifier };
}

export async function verifyFlow(deps: ServiceDeps, input: FlowInput): Promise<VerifiedFlow> {
  const compiled = await getCompiledWorkspace(deps, input.workspace);
  return evaluate(compiled, input);
}

export async function verifyFlows(deps: ServiceDeps, inputs: readonly FlowInput[]): Promise<VerifiedFlow[]> {
  if (inputs.length > MAX_FLOWS_PER_CALL) {
    throw badInput(
      'TooManyFlows',
      `verifyFlows accepts at most ${MAX_FLOWS_PER_CALL} flows per call (got ${inputs.length}).`,
      {
        field: 'inputs',
      },
    );
  }
  // One version check and at most one compile per distinct workspace in the batch (every workspace is resolved
  // before any flow is evaluated, so an unknown workspace is reported first). The usual batch names one workspace:
  // consecutive flows reuse the previous look-up without touching the map.
  const byName = new Map<string, CompiledWorkspace>();
  let lastName: string | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const name = inputs[i]!.workspace ?? DEFAULT_WORKSPACE;
    if (name === lastName) continue;
    lastName = name;
    if (!byName.has(name)) {
      byName.set(name, await getCompiledWorkspace(deps, name, { index: i, prefix: `inputs[${i}].` }));
    }
  }
  const out = new Array<VerifiedFlow>(inputs.length);
  lastName = undefined;
  let compiled: CompiledWorkspace | undefined;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const name = input.workspace ?? DEFAULT_WORKSPACE;
    if (name !== lastName) {
      compiled = byName.get(name)!;
      lastName = name;
    }
    out[i] = evaluate(compiled!, input, i);
  }
  return out;
}

export async function getEffectiveSecurityRules(
  deps: ServiceDeps,
  workspace: string | null | undefined,
  networkInterfaceId: string,
): Promise<EngineEffectiveSecurityRule[]> {
  const compiled = await getCompiledWorkspace(deps, workspace);
  const result = compiled.verifier.effectiveSecurityRules(networkInterfaceId);
  if (!result.ok) {
    throw badInput(result.error.code, result.error.message, { field: 'networkInterfaceId' });
  }
  return result.rules;
}

/** The trace of an already verified flow (evaluated again with tracing on; only when the field is selected). */
export function traceFlow(flow: VerifiedFlow, detail: boolean) {
  const result = flow.verifier.verifyFlow(flow.query, { trace: true, detail });
  return result.ok ? result.verdict.trace : [];
}
