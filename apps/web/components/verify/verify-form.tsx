'use client';

import { useEffect, useId, useMemo, useRef, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { VerifyTargetQuery } from '@/graphql/operations/verify';
import type { VerifyQuery } from '@/src/lib/verify-query';
import { VmPicker } from './vm-picker';

interface Props {
  value: VerifyQuery;
  onChange: (next: VerifyQuery) => void;
  onSubmit: () => void;
  fieldErrors: Record<string, string>;
  busy: boolean;
  /** The VM page fixes the VM: no picker. */
  fixedVmName?: string;
  submitLabel?: string;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

export function VerifyForm({
  value,
  onChange,
  onSubmit,
  fieldErrors,
  busy,
  fixedVmName,
  submitLabel,
}: Props) {
  const uid = useId();
  const ids = (name: string) => `${uid}-${name}`;
  const set = <K extends keyof VerifyQuery>(key: K, v: VerifyQuery[K]) => onChange({ ...value, [key]: v });

  const [{ data: target, fetching: targetLoading }] = useQuery({
    query: VerifyTargetQuery,
    variables: { workspace: value.workspace, id: value.targetResourceId },
    pause: !value.targetResourceId,
  });
  const vm =
    target?.resourceByArmId && 'networkInterfaces' in target.resourceByArmId ? target.resourceByArmId : null;
  const nics = vm?.networkInterfaces ?? [];

  // Local IPs come from the chosen NIC, or from every NIC of the VM when none is chosen.
  const localIps = useMemo(() => {
    const chosen = value.targetNicResourceId
      ? nics.filter((n) => n.id.toLowerCase() === value.targetNicResourceId.toLowerCase())
      : nics;
    return chosen.flatMap((n) =>
      n.ipConfigurations.edges.map(({ node }) => ({
        ip: node.privateIPAddress,
        label: `${node.privateIPAddress} (${n.name} / ${node.name}${node.primary ? ', primary' : ''})`,
        primary: n.primary && node.primary,
      })),
    );
  }, [nics, value.targetNicResourceId]);

  // Prefill the local IP with the primary address once per chosen VM/NIC (so clearing the field sticks).
  const prefilledFor = useRef<string | null>(null);
  useEffect(() => {
    const key = `${value.targetResourceId}|${value.targetNicResourceId}`;
    if (localIps.length === 0 || prefilledFor.current === key) return;
    prefilledFor.current = key;
    if (value.localIpAddress) return;
    const best = localIps.find((x) => x.primary) ?? localIps[0]!;
    onChange({ ...value, localIpAddress: best.ip });
  }, [localIps, value, onChange]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };

  const err = (name: string) => fieldErrors[name];
  const describe = (name: string, hint?: boolean) =>
    [err(name) ? `${ids(name)}-err` : null, hint ? `${ids(name)}-hint` : null].filter(Boolean).join(' ') ||
    undefined;

  const sourceIsLocal = value.direction === 'OUTBOUND';

  return (
    <form className="verify-form" onSubmit={submit} noValidate aria-label="IP flow verify">
      <div className="form-grid">
        <div className="span-2">
          {fixedVmName ? (
            <div className="field">
              <span className="label-like">Virtual machine</span>
              <strong>{fixedVmName}</strong>
            </div>
          ) : (
            <VmPicker
              inputId={ids('vm')}
              workspace={value.workspace}
              value={
                value.targetResourceId
                  ? {
                      id: value.targetResourceId,
                      name:
                        vm?.name ?? (targetLoading ? '…' : (value.targetResourceId.split('/').pop() ?? '')),
                    }
                  : null
              }
              onChange={(picked) =>
                onChange({
                  ...value,
                  targetResourceId: picked?.id ?? '',
                  targetNicResourceId: '',
                  localIpAddress: '',
                })
              }
              error={err('targetResourceId')}
            />
          )}
        </div>
        <div className="field span-2">
          <label htmlFor={ids('nic')}>Network interface</label>
          <select
            id={ids('nic')}
            value={value.targetNicResourceId}
            disabled={!value.targetResourceId}
            aria-invalid={!!err('targetNicResourceId')}
            aria-describedby={describe('targetNicResourceId')}
            onChange={(e) => onChange({ ...value, targetNicResourceId: e.target.value, localIpAddress: '' })}
          >
            <option value="">Automatic (the NIC holding the local IP)</option>
            {nics.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
                {n.primary ? ' (primary)' : ''}
              </option>
            ))}
          </select>
          <FieldError id={`${ids('targetNicResourceId')}-err`} message={err('targetNicResourceId')} />
        </div>

        <fieldset className="field">
          <legend>Direction</legend>
          <div className="segmented">
            {(['INBOUND', 'OUTBOUND'] as const).map((d) => (
              <label key={d}>
                <input
                  type="radio"
                  name={ids('direction')}
                  value={d}
                  checked={value.direction === d}
                  onChange={() => set('direction', d)}
                />
                <span>{d === 'INBOUND' ? 'Inbound' : 'Outbound'}</span>
              </label>
            ))}
          </div>
          <FieldError id={`${ids('direction')}-err`} message={err('direction')} />
        </fieldset>
        <fieldset className="field">
          <legend>Protocol</legend>
          <div className="segmented">
            {(['TCP', 'UDP'] as const).map((p) => (
              <label key={p}>
                <input
                  type="radio"
                  name={ids('protocol')}
                  value={p}
                  checked={value.protocol === p}
                  onChange={() => set('protocol', p)}
                />
                <span>{p}</span>
              </label>
            ))}
          </div>
          <FieldError id={`${ids('protocol')}-err`} message={err('protocol')} />
        </fieldset>

        <div className="field">
          <label htmlFor={ids('localIpAddress')}>Local IP address</label>
          <input
            id={ids('localIpAddress')}
            type="text"
            inputMode="decimal"
            list={`${ids('localIpAddress')}-list`}
            value={value.localIpAddress}
            placeholder="10.0.1.4"
            aria-invalid={!!err('localIpAddress')}
            aria-describedby={describe('localIpAddress')}
            onChange={(e) => set('localIpAddress', e.target.value)}
          />
          <datalist id={`${ids('localIpAddress')}-list`}>
            {localIps.map((x) => (
              <option key={x.label} value={x.ip}>
                {x.label}
              </option>
            ))}
          </datalist>
          <FieldError id={`${ids('localIpAddress')}-err`} message={err('localIpAddress')} />
        </div>
        <div className="field">
          <label htmlFor={ids('localPort')}>Local port</label>
          <input
            id={ids('localPort')}
            type="text"
            inputMode="numeric"
            value={value.localPort}
            placeholder={sourceIsLocal ? '* or 0-65535' : '22'}
            aria-invalid={!!err('localPort')}
            aria-describedby={describe('localPort', true)}
            onChange={(e) => set('localPort', e.target.value)}
          />
          <p id={`${ids('localPort')}-hint`} className="field-hint">
            {sourceIsLocal ? 'Source port: * allowed' : 'Destination port'}
          </p>
          <FieldError id={`${ids('localPort')}-err`} message={err('localPort')} />
        </div>
        <div className="field">
          <label htmlFor={ids('remoteIpAddress')}>Remote IP address</label>
          <input
            id={ids('remoteIpAddress')}
            type="text"
            inputMode="decimal"
            value={value.remoteIpAddress}
            placeholder="203.0.113.10"
            aria-invalid={!!err('remoteIpAddress')}
            aria-describedby={describe('remoteIpAddress')}
            onChange={(e) => set('remoteIpAddress', e.target.value)}
          />
          <FieldError id={`${ids('remoteIpAddress')}-err`} message={err('remoteIpAddress')} />
        </div>
        <div className="field">
          <label htmlFor={ids('remotePort')}>Remote port</label>
          <input
            id={ids('remotePort')}
            type="text"
            inputMode="numeric"
            value={value.remotePort}
            placeholder={sourceIsLocal ? '443' : '* or 0-65535'}
            aria-invalid={!!err('remotePort')}
            aria-describedby={describe('remotePort', true)}
            onChange={(e) => set('remotePort', e.target.value)}
          />
          <p id={`${ids('remotePort')}-hint`} className="field-hint">
            {sourceIsLocal ? 'Destination port' : 'Source port: * allowed'}
          </p>
          <FieldError id={`${ids('remotePort')}-err`} message={err('remotePort')} />
        </div>
      </div>
      <div className="actions form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : (submitLabel ?? 'Verify flow')}
        </button>
      </div>
    </form>
  );
}
