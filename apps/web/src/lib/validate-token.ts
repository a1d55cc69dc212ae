import { apiUrl } from './api-url';

export type TokenCheck =
  { ok: true; userName: string } | { ok: false; reason: 'invalid' | 'unavailable'; message: string };

/** The longest token the API checks (its MAX_TOKEN_LENGTH): a bootstrap token may be any length up to it. */
const MAX_TOKEN_LENGTH = 8192;

/** Asks the API who owns `token` (`me`): the only judge of whether a token is valid, revoked or expired. */
export async function validateToken(token: string): Promise<TokenCheck> {
  // Pasted tokens may carry surrounding whitespace; a token itself never holds any (the API refuses such values).
  const trimmed = token.trim();
  if (!trimmed || trimmed.length > MAX_TOKEN_LENGTH || /\s/.test(trimmed)) {
    return { ok: false, reason: 'invalid', message: 'That is not a flowverify token.' };
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        authorization: `Bearer ${trimmed}`,
      },
      body: JSON.stringify({ query: '{ me { user { name } } }' }),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, reason: 'unavailable', message: 'The flowverify API is not reachable.' };
  }
  const json = (await res.json().catch(() => null)) as {
    data?: { me?: { user?: { name?: string } } | null } | null;
    errors?: { extensions?: { code?: string } }[];
  } | null;
  const name = json?.data?.me?.user?.name;
  if (name) return { ok: true, userName: name };
  const code = json?.errors?.[0]?.extensions?.code;
  if (code && code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN') {
    return { ok: false, reason: 'unavailable', message: `The API could not check the token (${code}).` };
  }
  return { ok: false, reason: 'invalid', message: 'The token is unknown, revoked or expired.' };
}
