import { browserOrigin, isHttpsRequest, safeNextPath, sessionCookieOptions, signinHref } from './session';

describe('session helpers', () => {
  it.each([
    [null, '/'],
    ['/', '/'],
    ['/nsg?id=x', '/nsg?id=x'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['/signin?token=x', '/'],
  ])('next %s → %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it('builds the sign-in link with where to come back to', () => {
    expect(signinHref('/')).toBe('/signin');
    expect(signinHref('/checks?workspace=a', 'expired')).toBe(
      '/signin?next=%2Fchecks%3Fworkspace%3Da&error=expired',
    );
  });

  it('sets an httpOnly, SameSite=Lax cookie, Secure only over https', () => {
    expect(sessionCookieOptions(false)).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false });
    expect(sessionCookieOptions(true).secure).toBe(true);
    expect(isHttpsRequest('http://127.0.0.1:3000/', 'https')).toBe(true);
    expect(isHttpsRequest('https://x/', null)).toBe(true);
    expect(isHttpsRequest('http://x/', null)).toBe(false);
  });
});

describe('browserOrigin', () => {
  it('uses the Host the browser sent, not the server-side URL', () => {
    expect(browserOrigin('http://localhost:3000/auth/session', '127.0.0.1:3000', null)).toBe(
      'http://127.0.0.1:3000',
    );
    expect(browserOrigin('http://localhost:3000/x', 'flow.example', 'https')).toBe('https://flow.example');
    expect(browserOrigin('http://localhost:3000/x', null, null)).toBe('http://localhost:3000');
  });
});
