'use client';

import { Empty } from '@/components/status';
import type { DraftQuery } from '@/src/gql/graphql';
import { diffJson, showJsonValue } from '@/src/lib/json-diff';

type Change = NonNullable<DraftQuery['draft']>['changes'][number];

const CHANGE_TEXT = { ADDED: 'added', REMOVED: 'removed', MODIFIED: 'modified' } as const;

/** `Microsoft.Network/networkSecurityGroups/securityRules` → `security rule`. */
export function kindLabel(kind: string): string {
  const last = kind.split('/').slice(-1)[0] ?? kind;
  return last
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/s$/, '');
}

/** What the draft changes, resource by resource, with the fields that differ. */
export function ResourceChanges({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <Empty>The draft changes nothing yet.</Empty>;
  return (
    <ul className="plain-list" aria-label="Resource changes">
      {changes.map((c) => {
        const fields = c.change === 'MODIFIED' ? diffJson(c.before, c.after) : [];
        return (
          <li key={`${c.armId}-${c.change}`} className="diff-entry" data-change={c.change} data-name={c.name}>
            <p>
              <strong className={`change-${CHANGE_TEXT[c.change]}`}>{CHANGE_TEXT[c.change]}</strong>{' '}
              <span className="muted small">{kindLabel(c.kind)}</span> <strong>{c.name}</strong>
            </p>
            <p className="mono small break muted">{c.armId}</p>
            {fields.length > 0 ? (
              <table className="json-diff" aria-label={`Changed fields of ${c.name}`}>
                <tbody>
                  {fields.map((f) => (
                    <tr key={f.path}>
                      <td>{f.path}</td>
                      <td className="diff-removed">{showJsonValue(f.before)}</td>
                      <td className="diff-added">{showJsonValue(f.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
