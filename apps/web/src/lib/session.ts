/**
 * The signed-in session: the API token lives in an httpOnly cookie on the web origin. The browser never sees the
 * secret again after signing in; the same-origin GraphQL proxy reads the cookie and forwards it as
 * `Authorization: Bearer`. The cookie name is the one the API also accepts.
 */
export const SESSION_COOKIE = 'flowverify_token';

/** Thirty days; the token's own expiry (checked by the API on every request) wins when it is sooner. */
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 30;

/** Where to go after signing in: a same-origin path only (never `//host` or `https://…`), `/` otherwise. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/signin') || next.startsWith('/auth/')) return '/';
  return next;
}

/** The sign-in page for someone who was on `path` (kept so they come back to it). */
export function signinHref(path: string, reason?: 'expired' | 'invalid'): string {
  const params = new URLSearchParams();
  const next = safeNextPath(path);
  if (next !== '/') params.set('next', next);
  if (reason) params.set('error', reason);
  const qs = params.toString();
  return qs ? `/signin?${qs}` : '/signin';
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  maxAge: number;
}

/** httpOnly, SameSite=Lax, Secure when the dashboard is served over https. */
export function sessionCookieOptions(isHttps: boolean): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: isHttps, path: '/', maxAge: SESSION_MAX_AGE_SECONDS };
}

/** Whether the original request was https (directly, or as told by a reverse proxy). */
export function isHttpsRequest(url: string, forwardedProto: string | null): boolean {
  const proto = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  if (proto) return proto === 'https';
  return url.startsWith('https:');
}

/**
 * The origin the browser used (from the Host header), for redirects: `next start` reports request.url as
 * `localhost` even when the browser came through 127.0.0.1, and a redirect to another host loses the cookie.
 */
export function browserOrigin(url: string, host: string | null, forwardedProto: string | null): string {
  const fallback = new URL(url);
  const proto = isHttpsRequest(url, forwardedProto) ? 'https' : 'http';
  return host ? `${proto}://${host}` : fallback.origin;
}
