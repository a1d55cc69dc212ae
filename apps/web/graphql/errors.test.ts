import { errorIssues, explainError, issueField } from './errors';

describe('explainError', () => {
  it('returns null without an error', () => {
    expect(explainError(null)).toBeNull();
  });

  it('puts validation issues on their fields', () => {
    const e = explainError({
      graphQLErrors: [
        {
          message: 'Invalid security rule',
          extensions: {
            code: 'BAD_USER_INPUT',
            reason: 'VALIDATION',
            issues: [
              { code: 'too_big', path: ['input', 'rule', 'priority'], message: 'Priority must be 100-4096' },
              { code: 'invalid', path: ['input', 'destinationPortRange'], message: 'Bad port range' },
            ],
          },
        },
      ],
    });
    expect(e).toMatchObject({
      apiDown: false,
      code: 'BAD_USER_INPUT',
      reason: 'VALIDATION',
      fieldErrors: { priority: 'Priority must be 100-4096', destinationPortRange: 'Bad port range' },
      messages: [],
    });
  });

  it('uses extensions.field for single-field errors', () => {
    const e = explainError({
      graphQLErrors: [
        { message: 'Not an IP', extensions: { code: 'BAD_USER_INPUT', field: 'localIpAddress' } },
      ],
    });
    expect(e?.fieldErrors).toEqual({ localIpAddress: 'Not an IP' });
    expect(e?.messages).toEqual([]);
  });

  it('does not repeat an issue placed on a field when extensions.field is a dotted path to it', () => {
    const e = explainError({
      graphQLErrors: [
        {
          message: "Validation failed: priority '5' must be an integer between 100 and 4096",
          extensions: {
            code: 'BAD_USER_INPUT',
            field: 'patch.priority',
            issues: [
              { code: 'InvalidPriority', path: ['input', 'patch', 'priority'], message: "priority '5' …" },
            ],
          },
        },
      ],
    });
    expect(e?.fieldErrors).toEqual({ priority: "priority '5' …" });
    expect(e?.messages).toEqual([]);
  });

  it('keeps non-field errors as messages', () => {
    const e = explainError({
      graphQLErrors: [{ message: 'VM not found', extensions: { code: 'NOT_FOUND' } }],
    });
    expect(e).toMatchObject({ code: 'NOT_FOUND', messages: ['VM not found'], fieldErrors: {} });
  });

  it('recognises the proxy saying the API is down, and plain network failures', () => {
    expect(
      explainError({ graphQLErrors: [{ message: 'not reachable', extensions: { code: 'API_UNAVAILABLE' } }] })
        ?.apiDown,
    ).toBe(true);
    expect(explainError({ networkError: new Error('Failed to fetch'), graphQLErrors: [] })).toMatchObject({
      apiDown: true,
      code: 'API_UNAVAILABLE',
    });
  });

  it('never shows the internal API address the proxy or the transport mentions', () => {
    const e = explainError({
      graphQLErrors: [
        {
          message: 'The flowverify API is not reachable at http://127.0.0.1:4187/graphql.',
          extensions: { code: 'API_UNAVAILABLE' },
        },
      ],
    });
    expect(e?.messages).toEqual(['The flowverify API is not reachable.']);
    expect(
      explainError({ networkError: new Error('fetch failed: 10.0.0.7:4000'), graphQLErrors: [] })?.messages,
    ).toEqual(['The flowverify API is not reachable.']);
  });

  it('keeps JSON-path issues (imports) off the form fields and lists them', () => {
    const error = {
      graphQLErrors: [
        {
          message: 'Invalid import',
          extensions: {
            code: 'BAD_USER_INPUT',
            reason: 'InvalidImport',
            issues: [
              { code: 'InvalidPrefix', path: '$.value[3].properties.addressPrefix', message: 'bad prefix' },
            ],
          },
        },
      ],
    };
    expect(explainError(error)?.fieldErrors).toEqual({});
    expect(explainError(error)?.messages).toEqual(expect.arrayContaining(['bad prefix', 'Invalid import']));
    expect(errorIssues(error)).toHaveLength(1);
  });

  it.each([
    [['input', 'priority'], 'priority'],
    [['inputs', 0, 'localPort'], 'localPort'],
    [['input'], null],
    [undefined, null],
  ])('maps issue path %p to field %p', (path, field) => {
    expect(issueField(path as (string | number)[] | undefined)).toBe(field);
  });
});
