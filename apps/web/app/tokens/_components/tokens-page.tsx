'use client';

import { Fragment, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { TableScroll } from '@/components/table-scroll';
import { ApiTokensQuery, CreateApiTokenMutation, RevokeApiTokenMutation } from '@/graphql/operations/team';
import { formatTime, localInputToIso } from '@/src/lib/format';

/** A long name (`bootstrap (FLOWVERIFY_BOOTSTRAP_TOKEN)`) may wrap after its underscores in a narrow table. */
function breakable(name: string) {
  return name.split('_').map((part, i, all) => (
    <Fragment key={i}>
      {part}
      {i < all.length - 1 ? (
        <>
          _<wbr />
        </>
      ) : null}
    </Fragment>
  ));
}

/** Your API tokens: create one (its secret is shown once), see when each was last used, revoke. */
export function TokensPage() {
  const uid = useId();
  const [showRevoked, setShowRevoked] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ApiTokensQuery,
    variables: { includeRevoked: showRevoked },
  });
  const [createState, createToken] = useMutation(CreateApiTokenMutation);
  const [, revokeToken] = useMutation(RevokeApiTokenMutation);
  const [name, setName] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [secret, setSecret] = useState<{ id: string; name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);
  const [actionError, setActionError] = useState<CombinedError | null>(null);
  const [status, setStatus] = useState('');

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setCopied(false);
    const r = await createToken({
      input: { name: name.trim(), expiresAt: localInputToIso(expiresAt) ?? null },
    });
    if (r.error || !r.data) return;
    setSecret({
      id: r.data.createApiToken.apiToken.id,
      name: r.data.createApiToken.apiToken.name,
      token: r.data.createApiToken.token,
    });
    setName('');
    setExpiresAt('');
    setStatus(`Token ${r.data.createApiToken.apiToken.name} created.`);
    refetch({ requestPolicy: 'network-only' });
  };

  const revoke = async (id: string, tokenName: string) => {
    const r = await revokeToken({ input: { id } });
    setConfirmRevoke(null);
    if (r.error) return setActionError(r.error);
    setActionError(null);
    // The secret of a token just revoked is of no use any more: take it off the screen.
    if (secret && secret.id === id) {
      setSecret(null);
      setCopied(false);
    }
    setStatus(`Token ${tokenName} revoked.`);
    refetch({ requestPolicy: 'network-only' });
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const tokens = data?.apiTokens ?? [];
  return (
    <div>
      <div className="page-head">
        <h1>API tokens</h1>
        <p className="muted">
          Tokens sign you in here and authenticate the CLI and scripts (<code>Authorization: Bearer …</code>).
        </p>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>

      {secret ? (
        <section className="notice notice-warn" aria-labelledby={`${uid}-secret`} data-testid="new-token">
          <strong id={`${uid}-secret`}>Copy the secret of “{secret.name}” now: it is shown only once.</strong>
          <p>Anyone with it can act as you. Store it in a password manager or your CI secrets.</p>
          <div className="secret-box">
            <code data-testid="new-token-secret">{secret.token}</code>
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="secondary" onClick={() => setSecret(null)}>
              I have stored it
            </button>
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby={`${uid}-create`}>
        <h2 id={`${uid}-create`}>Create a token</h2>
        <form onSubmit={(e) => void create(e)} aria-label="Create a token" className="toolbar">
          <div className="field">
            <label htmlFor={`${uid}-name`}>Token name</label>
            <input
              id={`${uid}-name`}
              value={name}
              required
              maxLength={100}
              placeholder="laptop, ci …"
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-expires`}>Expires (optional)</label>
            <input
              id={`${uid}-expires`}
              type="datetime-local"
              value={expiresAt}
              onChange={(e) => setExpiresAt(e.target.value)}
            />
          </div>
          <button type="submit" disabled={createState.fetching || !name.trim()}>
            {createState.fetching ? 'Creating…' : 'Create token'}
          </button>
        </form>
        <ErrorNotice error={createState.error} title="Could not create the token." />
      </section>

      <section className="card" aria-labelledby={`${uid}-list`}>
        <div className="section-head">
          <h2 id={`${uid}-list`}>Tokens</h2>
          <label className="checkbox-field">
            <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
            Show revoked
          </label>
        </div>
        <ErrorNotice error={actionError} title="Could not revoke the token." />
        {fetching && !data ? <Loading label="Loading tokens…" /> : null}
        {error && !data ? <ErrorNotice error={error} title="Could not load your tokens." /> : null}
        {data && tokens.length === 0 ? <Empty>No tokens yet.</Empty> : null}
        {tokens.length > 0 ? (
          <TableScroll label="API tokens">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">User</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} data-token={t.name} className={t.revokedAt ? 'row-revoked' : undefined}>
                    <td>
                      {breakable(t.name)}
                      {t.isBootstrap ? <span className="badge badge-default"> bootstrap</span> : null}
                    </td>
                    <td className="mono">{t.prefix}…</td>
                    <td>{t.user.name}</td>
                    <td>{formatTime(t.createdAt)}</td>
                    <td>{formatTime(t.lastUsedAt)}</td>
                    <td>{t.expiresAt ? formatTime(t.expiresAt) : 'never'}</td>
                    <td>{t.revokedAt ? `revoked ${formatTime(t.revokedAt)}` : 'active'}</td>
                    <td>
                      {t.revokedAt ? null : confirmRevoke === t.id ? (
                        <span className="row-actions">
                          <button
                            type="button"
                            className="danger"
                            aria-label={`Confirm revoke ${t.name}`}
                            onClick={() => void revoke(t.id, t.name)}
                          >
                            Confirm revoke
                          </button>
                          <button type="button" className="secondary" onClick={() => setConfirmRevoke(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`Revoke ${t.name}`}
                          onClick={() => setConfirmRevoke(t.id)}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
      </section>
    </div>
  );
}
