'use client';

import { useId, useState, type FormEvent } from 'react';
import type { Access, CheckProtocol } from '@/src/gql/graphql';

export interface CheckFormValues {
  name: string;
  description: string;
  source: string;
  destination: string;
  protocol: CheckProtocol;
  destinationPorts: string;
  sourcePorts: string;
  expected: Access;
}

export const EMPTY_CHECK: CheckFormValues = {
  name: '',
  description: '',
  source: '',
  destination: '',
  protocol: 'TCP',
  destinationPorts: '',
  sourcePorts: '*',
  expected: 'ALLOW',
};

/** Create or edit a saved check; the API's validation messages land on the field they are about. */
export function CheckForm({
  initial,
  isNew,
  busy,
  fieldErrors,
  onSave,
  onCancel,
}: {
  initial: CheckFormValues;
  isNew: boolean;
  busy: boolean;
  fieldErrors: Record<string, string>;
  onSave: (values: CheckFormValues) => void;
  onCancel: () => void;
}) {
  const uid = useId();
  const [v, setV] = useState(initial);
  const set = <K extends keyof CheckFormValues>(k: K, value: CheckFormValues[K]) =>
    setV((old) => ({ ...old, [k]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(v);
  };
  const errKey = (k: keyof CheckFormValues) =>
    k === 'name' && !isNew ? (fieldErrors.newName ?? fieldErrors.name) : fieldErrors[k];
  const text = (k: keyof CheckFormValues, label: string, placeholder: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${uid}-${k}`}>{label}</label>
      <input
        id={`${uid}-${k}`}
        value={v[k]}
        placeholder={placeholder}
        aria-invalid={errKey(k) ? true : undefined}
        aria-describedby={errKey(k) ? `${uid}-${k}-err` : hint ? `${uid}-${k}-hint` : undefined}
        onChange={(e) => set(k, e.target.value as never)}
      />
      {hint ? (
        <p id={`${uid}-${k}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {errKey(k) ? (
        <p id={`${uid}-${k}-err`} className="field-error">
          {errKey(k)}
        </p>
      ) : null}
    </div>
  );
  return (
    <form onSubmit={submit} aria-label={isNew ? 'New saved check' : `Edit check ${initial.name}`}>
      <div className="form-grid">
        {text('name', 'Name', 'web → db SQL')}
        {text('description', 'Description', 'optional')}
        {text(
          'source',
          'Source',
          'vm-web-01, 10.0.0.0/24, Internet, *',
          'A VM, an IP or CIDR, Internet, or * (any VM).',
        )}
        {text('destination', 'Destination', 'vm-db-01', 'At least one side is a VM.')}
        <div className="field">
          <label htmlFor={`${uid}-protocol`}>Protocol</label>
          <select
            id={`${uid}-protocol`}
            value={v.protocol}
            onChange={(e) => set('protocol', e.target.value as CheckProtocol)}
          >
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
            <option value="ANY">Any</option>
          </select>
        </div>
        {text('destinationPorts', 'Destination ports', '1433, 8000-8080 or *')}
        {text('sourcePorts', 'Source ports', '*')}
        <div className="field">
          <label htmlFor={`${uid}-expected`}>Expected</label>
          <select
            id={`${uid}-expected`}
            value={v.expected}
            onChange={(e) => set('expected', e.target.value as Access)}
          >
            <option value="ALLOW">Allow (must always work)</option>
            <option value="DENY">Deny (must never work)</option>
          </select>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {isNew ? 'Create check' : 'Save check'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
