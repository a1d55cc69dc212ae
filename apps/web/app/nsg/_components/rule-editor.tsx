'use client';

import { useId, useState, type FormEvent } from 'react';
import type { RuleFormField, RuleFormValues } from '@/src/lib/rule-form';

export interface AsgOption {
  id: string;
  name: string;
}

/** Create or edit one security rule; API validation messages appear on the field they are about. */
export function RuleEditor({
  initial,
  isNew,
  asgs,
  errors,
  otherErrors,
  busy,
  onSave,
  onCancel,
}: {
  initial: RuleFormValues;
  isNew: boolean;
  asgs: AsgOption[];
  errors: Partial<Record<RuleFormField, string>>;
  otherErrors: string[];
  busy: boolean;
  onSave: (values: RuleFormValues) => void;
  onCancel: () => void;
}) {
  const uid = useId();
  const [v, setV] = useState(initial);
  const id = (f: string) => `${uid}-${f}`;
  const set = <K extends RuleFormField>(k: K, value: RuleFormValues[K]) =>
    setV((old) => ({ ...old, [k]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(v);
  };

  const fieldProps = (f: RuleFormField) => ({
    id: id(f),
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby': errors[f] ? `${id(f)}-err` : undefined,
  });
  const err = (f: RuleFormField) =>
    errors[f] ? (
      <p id={`${id(f)}-err`} className="field-error">
        {errors[f]}
      </p>
    ) : null;

  const text = (f: RuleFormField, label: string, placeholder?: string, hint?: string) => (
    <div className="field">
      <label htmlFor={id(f)}>{label}</label>
      <input
        type="text"
        {...fieldProps(f)}
        value={v[f] as string}
        placeholder={placeholder}
        onChange={(e) => set(f, e.target.value as never)}
      />
      {hint ? <p className="field-hint">{hint}</p> : null}
      {err(f)}
    </div>
  );

  const asgSelect = (f: 'sourceAsgIds' | 'destinationAsgIds', label: string) =>
    asgs.length ? (
      <div className="field">
        <label htmlFor={id(f)}>{label}</label>
        <select
          multiple
          {...fieldProps(f)}
          value={v[f]}
          size={Math.min(4, Math.max(2, asgs.length))}
          onChange={(e) =>
            set(
              f,
              Array.from(e.target.selectedOptions).map((o) => o.value),
            )
          }
        >
          {asgs.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        {err(f)}
      </div>
    ) : null;

  return (
    <form
      className="rule-editor"
      onSubmit={submit}
      noValidate
      aria-label={isNew ? 'New security rule' : `Edit rule ${initial.name}`}
    >
      <div className="form-grid">
        {isNew ? (
          text('name', 'Name', 'allow-https')
        ) : (
          <div className="field">
            <span className="label-like">Name</span>
            <strong>{v.name}</strong>
          </div>
        )}
        {text('priority', 'Priority', '100-4096')}
        <div className="field">
          <label htmlFor={id('direction')}>Direction</label>
          <select
            {...fieldProps('direction')}
            value={v.direction}
            onChange={(e) => set('direction', e.target.value as RuleFormValues['direction'])}
          >
            <option value="INBOUND">Inbound</option>
            <option value="OUTBOUND">Outbound</option>
          </select>
          {err('direction')}
        </div>
        <div className="field">
          <label htmlFor={id('access')}>Action</label>
          <select
            {...fieldProps('access')}
            value={v.access}
            onChange={(e) => set('access', e.target.value as RuleFormValues['access'])}
          >
            <option value="ALLOW">Allow</option>
            <option value="DENY">Deny</option>
          </select>
          {err('access')}
        </div>
        <div className="field">
          <label htmlFor={id('protocol')}>Protocol</label>
          <select
            {...fieldProps('protocol')}
            value={v.protocol}
            onChange={(e) => set('protocol', e.target.value as RuleFormValues['protocol'])}
          >
            <option value="ANY">Any (*)</option>
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
            <option value="ICMP">ICMP</option>
            <option value="ESP">ESP</option>
            <option value="AH">AH</option>
          </select>
          {err('protocol')}
        </div>
        {text('source', 'Source', '* , CIDR, IP or service tag', 'Comma-separated; empty when using ASGs')}
        {asgSelect('sourceAsgIds', 'Source ASGs')}
        {text('sourcePorts', 'Source ports', '*')}
        {text(
          'destination',
          'Destination',
          '* , CIDR, IP or service tag',
          'Comma-separated; empty when using ASGs',
        )}
        {asgSelect('destinationAsgIds', 'Destination ASGs')}
        {text('destinationPorts', 'Destination ports', '22, 80-89')}
        <div className="field span-2">
          <label htmlFor={id('description')}>Description</label>
          <input
            type="text"
            {...fieldProps('description')}
            value={v.description}
            onChange={(e) => set('description', e.target.value)}
          />
          {err('description')}
        </div>
      </div>
      {otherErrors.length ? (
        <div className="notice notice-error" role="alert">
          {otherErrors.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      <div className="actions form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : isNew ? 'Create rule' : 'Save rule'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
