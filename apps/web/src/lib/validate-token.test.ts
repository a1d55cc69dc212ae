import { validateToken } from './validate-token';

describe('validateToken', () => {
  const realFetch = global.fetch;
  let sent: string[] = [];
  beforeEach(() => {
    sent = [];
    global.fetch = jest.fn(async (_url: unknown, init?: RequestInit) => {
      sent.push(String((init?.headers as Record<string, string>).authorization));
      return new Response(JSON.stringify({ data: { me: { user: { name: 'ops' } } } }));
    }) as typeof fetch;
  });
  afterAll(() => {
    global.fetch = realFetch;
  });

  it('asks the API about any token it could have issued, short or long (a bootstrap token may be either)', async () => {
    for (const token of ['tiny', 'x'.repeat(300), `  fv_pasted\n`]) {
      expect(await validateToken(token)).toEqual({ ok: true, userName: 'ops' });
    }
    expect(sent).toEqual(['Bearer tiny', `Bearer ${'x'.repeat(300)}`, 'Bearer fv_pasted']);
  });

  it('refuses, without asking, what can never be a token: empty, inner whitespace, over 8,192 characters', async () => {
    for (const token of ['', '   ', 'fv_a b', 'x'.repeat(8193)]) {
      expect(await validateToken(token)).toMatchObject({ ok: false, reason: 'invalid' });
    }
    expect(sent).toEqual([]);
  });
});
