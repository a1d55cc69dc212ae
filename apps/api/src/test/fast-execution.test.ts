/**
 * The verifyFlows shortcut (src/fast-execution.ts) must answer exactly as graphql-js does. Each case runs twice:
 * as written (the shortcut takes it) and with `@include(if: true)` on its last field (the shortcut refuses
 * directives, so graphql-js executes it); the two HTTP answers must be identical, errors included.
 */
import { buildSchema, coerceInputValue, parse } from 'graphql';
import { planFastExecution } from '../fast-execution';
import { loadTypeDefs } from '../server';
import { buildSmallNetwork, inbound, NIC, startTestApi, type TestApi } from './helpers';

const ALL_FIELDS =
  'access ruleName decidedBy networkSecurityGroupId adminRuleId ruleKind ruleId adminConfigurationId networkManagerId networkInterfaceId notes __typename';
const MANY = (fields: string) => `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { ${fields} } }`;
/** The same operation, which the shortcut refuses: graphql-js answers it. */
const viaGraphqlJs = (query: string) => query.replace(/ } }$/, ' @include(if: true) } }');

describe('which operations take the shortcut', () => {
  const schema = buildSchema(loadTypeDefs());
  const plan = (query: string) => planFastExecution(schema, parse(query), new Set(['verifyFlows']));

  it('takes a verifyFlows batch selecting leaf fields, aliases and __typename included', () => {
    expect(plan(MANY('access'))).not.toBeNull();
    expect(plan(MANY(ALL_FIELDS))).not.toBeNull();
    expect(
      plan(`query Q($x: [VerifyFlowInput!]!) { v: verifyFlows(inputs: $x) { a: access t: __typename } }`),
    ).toMatchObject({
      rootKey: 'v',
      args: [{ name: 'inputs', variable: 'x' }],
    });
  });

  it.each([
    ['a directive', viaGraphqlJs(MANY('access ruleName'))],
    ['a field with arguments (trace)', MANY('access trace { layer }')],
    [
      'a fragment spread',
      `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { ...F } } fragment F on FlowVerdict { access }`,
    ],
    ['an inline fragment', MANY('... on FlowVerdict { access }')],
    [
      'a second root field',
      `query($i: [VerifyFlowInput!]!) { verifyFlows(inputs: $i) { access } __typename }`,
    ],
    ['a literal argument', `{ verifyFlows(inputs: []) { access } }`],
    ['a nullable variable type', `query($i: [VerifyFlowInput!]) { verifyFlows(inputs: $i) { access } }`],
    ['a variable default', `query($i: [VerifyFlowInput!]! = []) { verifyFlows(inputs: $i) { access } }`],
    ['another root field', `query($i: VerifyFlowInput!) { verifyFlow(input: $i) { access } }`],
  ])('leaves %s to graphql-js', (_what, query) => {
    expect(plan(query)).toBeNull();
  });
});

describe('the generated variable coercer', () => {
  // Defaults, nested input objects, Int, ID and enums with internal values: more than VerifyFlowInput uses.
  const schema = buildSchema(`
    enum E { A B }
    input J { n: Int, id: ID }
    input I { s: String = "dflt", e: E!, j: J, list: [Int!], req: String! }
    input Loop { self: Loop, s: String }
    type R { x: String }
    type Query { f(inputs: [I!]!): [R!]! loop(input: Loop!): R }
  `);
  (schema.getType('E') as unknown as { getValue(n: string): { value: unknown } }).getValue('B').value = 2;
  const plan = planFastExecution(
    schema,
    parse(`query($i: [I!]!) { f(inputs: $i) { x } }`),
    new Set(['f', 'loop']),
  )!;
  const coerce = plan.args[0]!.coerce;
  const argType = schema.getQueryType()!.getFields().f!.args[0]!.type;
  const graphqlJs = (value: unknown) => {
    try {
      return { ok: true, value: coerceInputValue(value, argType) as unknown };
    } catch {
      return { ok: false, value: undefined };
    }
  };

  it.each([
    ['every field', [{ s: 'a', e: 'A', j: { n: 1, id: 7 }, list: [1, 2], req: 'r' }]],
    [
      'defaults and nulls',
      [
        { e: 'B', req: 'r' },
        { s: null, e: 'A', j: null, list: null, req: 'r' },
      ],
    ],
    ['keys in another order', [{ req: 'r', list: [3], e: 'B', s: 'x' }]],
    ['an empty list', []],
  ])('builds what graphql-js builds: %s', (_what, value) => {
    const expected = graphqlJs(value);
    expect(expected.ok).toBe(true);
    const fast = coerce(value);
    expect(typeof fast).not.toBe('symbol');
    // Same values, same key order (JSON keeps it), same prototype.
    expect(JSON.stringify(fast)).toBe(JSON.stringify(expected.value));
    expect(fast).toEqual(expected.value);
  });

  it.each([
    ['an unknown key', [{ e: 'A', req: 'r', extra: 1 }]],
    ['a missing required field', [{ e: 'A' }]],
    ['a null required field', [{ e: 'A', req: null }]],
    ['an unknown enum name', [{ e: 'C', req: 'r' }]],
    ['an enum given by its internal value', [{ e: 2, req: 'r' }]],
    ['a number for a string', [{ e: 'A', req: 5 }]],
    ['a fractional Int', [{ e: 'A', req: 'r', j: { n: 1.5 } }]],
    ['a null list item', [{ e: 'A', req: 'r', list: [1, null] }]],
    ['a null flow', [null]],
    ['an array for an object', [[{ e: 'A', req: 'r' }]]],
    ['a single object for the list', { e: 'A', req: 'r' }],
    ['a single value for an inner list', [{ e: 'A', req: 'r', list: 4 }]],
  ])('steps aside for %s', (_what, value) => {
    expect(typeof coerce(value)).toBe('symbol');
  });

  it('leaves a self-containing input type to graphql-js', () => {
    const loop = planFastExecution(
      schema,
      parse(`query($i: Loop!) { loop(input: $i) { x } }`),
      new Set(['loop']),
    );
    expect(loop).toBeNull();
  });
});

describe('answers exactly as graphql-js', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    await buildSmallNetwork(api);
  }, 120_000);
  afterAll(() => api?.close());

  /** Both answers, as raw HTTP status and body text. */
  async function both(query: string, variables: Record<string, unknown>) {
    const send = async (q: string) => {
      const res = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` },
        body: JSON.stringify({ query: q, variables }),
      });
      return `${res.status} ${await res.text()}`;
    };
    return { fast: await send(query), graphqlJs: await send(viaGraphqlJs(query)) };
  }

  const flows = [
    inbound('80'),
    inbound('22'),
    inbound('443', { workspace: 'default', targetNicResourceId: NIC }),
    inbound('80', { workspace: null, targetNicResourceId: null, direction: 'OUTBOUND', protocol: 'UDP' }),
    inbound('*', { direction: 'OUTBOUND' }),
  ];

  it.each([
    ['every field', MANY(ALL_FIELDS), { i: flows }],
    [
      'aliases, a field twice',
      `query Q($x: [VerifyFlowInput!]!) { v: verifyFlows(inputs: $x) { a: access access t: __typename notes } }`,
      { x: flows },
    ],
    ['an empty batch', MANY('access'), { i: [] }],
    // graphql-js takes a single value for a list as a list of one; the shortcut leaves that to it.
    ['a single flow instead of a list', MANY('access'), { i: inbound('80') }],
  ])('%s', async (_what, query, variables) => {
    const { fast, graphqlJs } = await both(query, variables);
    expect(fast).toMatch(/^200 \{"data":\{"v?(erifyFlows)?":\[/);
    expect(fast).toBe(graphqlJs);
  });

  it.each([
    ['an unknown enum value', { i: [inbound('80'), inbound('80', { protocol: 'ICMP' })] }],
    ['a number for a string', { i: [inbound('80', { localPort: 80 })] }],
    ['an unknown field', { i: [{ ...inbound('80'), localPrt: '80' }] }],
    ['a missing field', { i: [{ ...inbound('80'), localPort: undefined }] }],
    ['a null flow', { i: [inbound('80'), null] }],
    ['a null required field', { i: [inbound('80', { remotePort: null })] }],
    ['no variable', {}],
    ['a port the engine refuses', { i: [inbound('80'), inbound('abc')] }],
    ['an unknown workspace', { i: [inbound('80', { workspace: 'nope' })] }],
    ['a NUL character', { i: [inbound('80', { remoteIpAddress: '1.2.3.4\u0000' })] }],
  ])('%s: the same error', async (_what, variables) => {
    const { fast, graphqlJs } = await both(MANY('access ruleName'), variables);
    expect(fast).toMatch(/"errors":\[\{"message":/);
    expect(fast).toBe(graphqlJs);
  });
});
