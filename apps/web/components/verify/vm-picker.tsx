'use client';

import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import { VmSearchQuery } from '@/graphql/operations/verify';

export interface PickedVm {
  id: string;
  name: string;
}

/** Search-as-you-type VM chooser (combobox with a listbox of matches; arrows + Enter, or click). */
export function VmPicker({
  workspace,
  value,
  onChange,
  error,
  inputId,
}: {
  workspace: string;
  value: PickedVm | null;
  onChange: (vm: PickedVm | null) => void;
  error?: string;
  inputId: string;
}) {
  const listId = useId();
  const errorId = useId();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(text.trim()), 150);
    return () => clearTimeout(t);
  }, [text]);

  const [{ data, fetching }] = useQuery({
    query: VmSearchQuery,
    variables: { workspace, query: debounced },
    pause: !open || debounced === '',
  });
  const hits = (data?.searchResources.edges ?? []).map((e) => e.node).filter((n) => 'networkInterfaces' in n);

  if (value) {
    return (
      <div className="field">
        <label htmlFor={inputId}>Virtual machine</label>
        <div className="picked">
          <input
            id={inputId}
            type="text"
            readOnly
            value={value.name}
            aria-describedby={error ? errorId : undefined}
            aria-invalid={!!error}
          />
          <button type="button" className="secondary icon" onClick={() => onChange(null)}>
            Change<span className="visually-hidden"> virtual machine</span>
          </button>
        </div>
        {error ? (
          <p id={errorId} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  const choose = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    onChange({ id: hit.id, name: hit.name });
    setText('');
    setOpen(false);
  };

  return (
    <div className="field combo">
      <label htmlFor={inputId}>Virtual machine</label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        placeholder="Search VMs by name"
        aria-autocomplete="list"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && hits[active] ? `${listId}-${active}` : undefined}
        aria-invalid={!!error}
        aria-describedby={error ? errorId : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && open && hits.length > 0) {
            e.preventDefault();
            choose(active);
          } else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {open && debounced !== '' ? (
        <ul id={listId} role="listbox" className="combo-list" aria-label="Matching virtual machines">
          {fetching && hits.length === 0 ? <li className="muted">Searching…</li> : null}
          {!fetching && hits.length === 0 ? <li className="muted">No VM matches “{debounced}”</li> : null}
          {hits.map((vm, i) => (
            <li
              key={vm.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(i);
              }}
            >
              <strong>{vm.name}</strong>{' '}
              <span className="muted small mono">
                {'networkInterfaces' in vm
                  ? vm.networkInterfaces
                      .flatMap((n) => n.ipConfigurations.edges.map((x) => x.node.privateIPAddress))
                      .join(', ')
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
