'use client';

import Link from 'next/link';
import { useQuery } from 'urql';
import { MeQuery } from '@/graphql/operations/team';
import { withWorkspace } from '@/src/lib/hrefs';

const ROLE_TEXT = { READER: 'reader', EDITOR: 'editor', ADMIN: 'admin' } as const;

/** Who am I: the signed-in user, a server-admin badge, their workspaces and roles, tokens, sign out. */
export function UserMenu({ workspace }: { workspace: string }) {
  const [{ data }] = useQuery({ query: MeQuery });
  const me = data?.me;
  if (!me) return null;
  return (
    <details className="user-menu">
      <summary aria-label={`Signed in as ${me.user.name}`}>
        <span className="user-avatar" aria-hidden="true">
          {me.user.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-name">{me.user.name}</span>
        {me.isServerAdmin ? <span className="badge badge-admin">server admin</span> : null}
      </summary>
      <div className="user-menu-panel">
        <p className="small">
          Signed in as <strong>{me.user.displayName || me.user.name}</strong>
          {me.user.displayName ? <span className="muted"> ({me.user.name})</span> : null}
          <br />
          <span className="muted">with token “{me.apiToken.name}”</span>
        </p>
        <h2 className="small eyebrow">Workspaces</h2>
        {me.memberships.length === 0 ? (
          <p className="small muted">
            {me.isServerAdmin ? 'Server admins can open every workspace.' : 'No memberships yet.'}
          </p>
        ) : (
          <ul className="membership-list">
            {me.memberships.map((m) => (
              <li key={m.workspace}>
                <Link href={withWorkspace('/', m.workspace)}>{m.workspace}</Link>{' '}
                <span className="muted small">{ROLE_TEXT[m.role]}</span>
              </li>
            ))}
          </ul>
        )}
        <ul className="user-links">
          <li>
            <Link href={withWorkspace('/tokens', workspace)}>API tokens</Link>
          </li>
          <li>
            <Link href={withWorkspace('/members', workspace)}>Members of this workspace</Link>
          </li>
        </ul>
        <form method="post" action="/auth/signout">
          <button type="submit" className="secondary">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
