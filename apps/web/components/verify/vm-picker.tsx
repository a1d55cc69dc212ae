'use client';

import { useEffect, useId, useState } from 'react';
import { useQuery } from 'urql';
import { VmIpSearchQuery, VmSearchQuery } from '@/graphql/operations/verify';
import { isWholeIp, looksLikeIp, mergeVmHits, vmIps, vmsByIp, type VmHit } from '@/src/lib/vm-search';

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
  // No option is active until the arrows move to one (the first ArrowDown goes to the first hit); Enter with
  // none active takes the first hit.
  const [active, setActive] = useState(-1);
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
  // By address too (the hits show it), like the Resources filter: `10.1.2.4` or the start of one.
  const byIp = looksLikeIp(debounced);
  const [{ data: ipData, fetching: ipFetching }] = useQuery({
    query: VmIpSearchQuery,
    variables: { workspace, ipAddress: debounced, wholeIp: byIp && isWholeIp(debounced) },
    pause: !open || !byIp,
  });
  const nameHits = (data?.searchResources.edges ?? [])
    .map((e) => e.node)
    .filter((n): n is typeof n & VmHit => 'networkInterfaces' in n);
  const ipHits: VmHit[] = byIp
    ? [
        ...(ipData?.ipOwner?.virtualMachine ? [ipData.ipOwner.virtualMachine] : []),
        ...vmsByIp(ipData?.workspace?.virtualMachines.edges.map((e) => e.node) ?? [], debounced),
      ]
    : [];
  const hits: VmHit[] = mergeVmHits<VmHit>(nameHits, ipHits);
  const searching = fetching || (byIp && ipFetching);

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
        placeholder="Search VMs by name or IP address"
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
          setActive(-1);
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
            choose(Math.max(active, 0));
          } else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {open && debounced !== '' ? (
        <ul id={listId} role="listbox" className="combo-list" aria-label="Matching virtual machines">
          {searching && hits.length === 0 ? <li className="muted">Searching…</li> : null}
          {!searching && hits.length === 0 ? <li className="muted">No VM matches “{debounced}”</li> : null}
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
              <strong>{vm.name}</strong> <span className="muted small mono">{vmIps(vm).join(', ')}</span>
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
