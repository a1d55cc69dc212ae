import type { Metadata } from 'next';
import { safeNextPath } from '@/src/lib/session';

export const metadata: Metadata = { title: 'Sign in' };

const ERRORS: Record<string, string> = {
  invalid: 'That token is unknown, revoked or expired. Check it and try again.',
  unavailable: 'The flowverify API could not be reached to check the token. Start it, then try again.',
  expired: 'Your session ended (the token was revoked or has expired). Sign in again.',
};

/** Sign in with an API token: pasted here, or carried by the sign-in URL the API prints at startup. */
export default async function SigninPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const one = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  const error = ERRORS[one('error') ?? ''];
  const next = safeNextPath(one('next'));
  return (
    <div className="signin">
      <div className="page-head">
        <h1>Sign in to flowverify</h1>
        <p className="muted">
          Paste an API token. The API prints a sign-in link when it starts; a server admin can create tokens
          for you, and you can create your own on the tokens page once signed in.
        </p>
      </div>
      {error ? (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      {one('signedOut') ? (
        <div className="notice notice-info" role="status">
          <p>You are signed out.</p>
        </div>
      ) : null}
      <form method="post" action="/auth/session" className="card signin-form" aria-label="Sign in">
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label htmlFor="signin-token">API token</label>
          <input
            id="signin-token"
            name="token"
            type="password"
            required
            autoComplete="off"
            spellCheck={false}
            autoFocus
            aria-describedby="signin-token-hint"
          />
          <p id="signin-token-hint" className="field-hint">
            Starts with <code>fv_</code>, or the value of <code>FLOWVERIFY_BOOTSTRAP_TOKEN</code>. It is kept
            in an httpOnly cookie on this site and sent to the API on your behalf.
          </p>
        </div>
        <div className="form-actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
    </div>
  );
}
