/**
 * A shortcut past graphql-js for the batch verify operation, the one request whose size makes graphql-js's generic
 * machinery the bottleneck: coercing the `[VerifyFlowInput!]!` variable (per flow, a dictionary-mode object, a path
 * record per field, a key scan and a copy) was the largest piece of a batch's server time in a CPU profile, and
 * completing the result (an info object and a promise check per field per flow) added more.
 *
 * `fastExecutionPlugin` answers, in Apollo's `responseForOperation` hook (after parsing, validation — depth and
 * cost rules included — and the other plugins' `didResolveOperation`, e.g. the NUL-text guard), an operation that
 * has exactly this shape, and only such:
 *   - one query operation and nothing else in the document (no fragments);
 *   - one root field, among the fields the plugin was given, without directives, whose every argument is passed
 *     as a variable declared with exactly the argument's type and without a default;
 *   - a selection of that field's object type made only of plain fields (aliases allowed, no directives, no
 *     fragments, no arguments) whose types are scalars or enums, or lists of them; `__typename` too.
 * The variables are coerced by a compiled coercer that accepts exactly what graphql-js accepts for the input types
 * involved and builds the same values (fields in definition order, absent fields left out, defaults filled in);
 * the root resolver — the schema's, i.e. wrapped with its `@auth` rule — and the selected fields' resolvers run as
 * graphql-js would run them, and leaves are serialised by their types' own `serialize`.
 *
 * Anything the shortcut is not sure to answer exactly as graphql-js would — a value graphql-js would refuse or
 * reshape (a non-list for a list), a resolver that throws or returns a promise for a leaf, a null for a non-null
 * field, a leaf that does not serialise — makes it step aside (return null), and Apollo executes the operation
 * normally; so every error, message, path and extension is graphql-js's and errors.ts's, unchanged. A query root
 * field has no side effects, so running its resolver again on that rare path is harmless.
 *
 * Differences a resolver could notice: `info.path` of the selected fields does not carry the list index (one info
 * per field, shared by the list's items), and plugins' `willResolveField` hooks are not called (none is installed).
 */
import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import {
  defaultFieldResolver,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** Returned by a coercer or a completer that cannot be sure to match graphql-js: let graphql-js run. */
const STEP_ASIDE: unique symbol = Symbol('step aside');
type StepAside = typeof STEP_ASIDE;

type Coerce = (value: unknown) => unknown;

/**
 * A list value item by item, as graphql-js coerces or completes a list: null stays null; anything but an array
 * steps aside (graphql-js also takes any iterable, and a single value as a list of one: leave those to it), and so
 * does the whole list as soon as one item does. A null item goes through `item` too (a nullable item type keeps it
 * null, a non-null one steps aside).
 */
function mapList(value: unknown, item: (value: unknown) => unknown): unknown {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) return STEP_ASIDE;
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const mapped = item(value[i]);
    if (mapped === STEP_ASIDE) return STEP_ASIDE;
    out[i] = mapped;
  }
  return out;
}
type Complete = (value: unknown) => unknown;

/** A variable coercer equivalent to graphql-js's `coerceInputValue` for `type`, or null when not supported. */
function compileCoercer(
  type: GraphQLInputType,
  compiling: Set<GraphQLInputObjectType> = new Set(),
): Coerce | null {
  if (isNonNullType(type)) {
    const inner = compileCoercer(type.ofType, compiling);
    if (!inner) return null;
    return (value) => (value === null || value === undefined ? STEP_ASIDE : inner(value));
  }
  if (isListType(type)) {
    const inner = compileCoercer(type.ofType, compiling);
    if (!inner) return null;
    return (value) => mapList(value, inner);
  }
  if (isInputObjectType(type)) {
    // A type that contains itself (directly or not) is left to graphql-js.
    if (compiling.has(type)) return null;
    compiling.add(type);
    const coerce = compileInputObjectCoercer(type, compiling);
    compiling.delete(type);
    return coerce;
  }
  if (isEnumType(type)) {
    const byName = new Map(type.getValues().map((v) => [v.name, v.value as unknown]));
    return (value) => {
      if (value === null || value === undefined) return null;
      if (typeof value !== 'string') return STEP_ASIDE;
      const internal = byName.get(value);
      return internal === undefined && !byName.has(value) ? STEP_ASIDE : internal;
    };
  }
  if (isSpecifiedScalarType(type) && type.name === 'String') {
    return (value) =>
      value === null || value === undefined ? null : typeof value === 'string' ? value : STEP_ASIDE;
  }
  if (isLeafType(type)) {
    // Any other scalar: its own parseValue, exactly as graphql-js calls it.
    return (value) => {
      if (value === null || value === undefined) return null;
      try {
        const parsed: unknown = type.parseValue(value);
        return parsed === undefined ? STEP_ASIDE : parsed;
      } catch {
        return STEP_ASIDE;
      }
    };
  }
  return null;
}

/**
 * The coercer of an input object type, generated as straight-line code: each field is read by its literal name, so
 * V8 keeps every property access monomorphic (several times faster than a loop over the field names, whose keyed
 * reads and writes see a different name each time). Field names are GraphQL names (`[_A-Za-z][_0-9A-Za-z]*`, checked by
 * graphql-js when the schema is built) and are embedded as JSON string literals besides.
 *
 * Per field, as graphql-js: absent (undefined) → its default, else an error if required, else left out; null → an
 * error if required, else null; otherwise the field type's coercion. Keys the type does not define are errors;
 * they are noticed by counting: every own key must be a field that was read.
 */
function compileInputObjectCoercer(
  type: GraphQLInputObjectType,
  compiling: Set<GraphQLInputObjectType>,
): Coerce | null {
  if (type.isOneOf) return null;
  const fields = Object.values(type.getFields());
  const enums: (Map<string, unknown> | null)[] = [];
  const coercers: (Coerce | null)[] = [];
  const defaults: unknown[] = [];
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const required = isNonNullType(field.type);
    const inner = required ? (field.type as GraphQLNonNull<GraphQLInputType>).ofType : field.type;
    const key = JSON.stringify(field.name);
    enums.push(
      isEnumType(inner) ? new Map(inner.getValues().map((v) => [v.name, v.value as unknown])) : null,
    );
    defaults.push(field.defaultValue);
    let coerce: string;
    if (isScalarType(inner) && isSpecifiedScalarType(inner) && inner.name === 'String') {
      coercers.push(null);
      coerce = `if (typeof v !== 'string') return S; o[${key}] = v;`;
    } else if (isEnumType(inner)) {
      coercers.push(null);
      coerce = `if (typeof v !== 'string' || !e[${i}].has(v)) return S; o[${key}] = e[${i}].get(v);`;
    } else {
      const c = compileCoercer(inner, compiling);
      if (!c) return null;
      coercers.push(c);
      coerce = `r = c[${i}](v); if (r === S) return S; o[${key}] = r;`;
    }
    const absent = field.defaultValue !== undefined ? `o[${key}] = d[${i}];` : required ? 'return S;' : '';
    const present = required
      ? `if (v === null) return S; ${coerce}`
      : `if (v === null) o[${key}] = null; else { ${coerce} }`;
    lines.push(`v = input[${key}]; if (v === undefined) { ${absent} } else { n++; ${present} }`);
  }
  const body = [
    'return function coerceInputObject(input) {',
    'if (input === null || input === undefined) return null;',
    "if (typeof input !== 'object' || Array.isArray(input)) return S;",
    'const o = {}; let n = 0; let v; let r;',
    ...lines,
    'if (Object.keys(input).length !== n) return S;',
    'return o;',
    '};',
  ].join('\n');
  // Generated from the schema only (see above), never from request data.
  const build = new Function('S', 'e', 'd', 'c', body) as (
    s: StepAside,
    e: (Map<string, unknown> | null)[],
    d: unknown[],
    c: (Coerce | null)[],
  ) => Coerce;
  return build(STEP_ASIDE, enums, defaults, coercers);
}

/** A completer for a leaf-typed field's value (possibly in lists / non-null), as graphql-js completes it. */
function compileLeafCompleter(type: GraphQLOutputType): Complete | null {
  if (isNonNullType(type)) {
    const inner = compileLeafCompleter(type.ofType);
    if (!inner) return null;
    return (value) => (value === null || value === undefined ? STEP_ASIDE : inner(value));
  }
  if (isListType(type)) {
    const inner = compileLeafCompleter(type.ofType);
    if (!inner) return null;
    return (value) => mapList(value, inner);
  }
  if (isLeafType(type)) {
    return (value) => {
      if (value === null || value === undefined) return null;
      if (isThenable(value)) return STEP_ASIDE;
      try {
        const serialized: unknown = type.serialize(value);
        return serialized === undefined || serialized === null ? STEP_ASIDE : serialized;
      } catch {
        return STEP_ASIDE;
      }
    };
  }
  return null;
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

interface SelectedField {
  key: string;
  /** null for `__typename`. */
  resolve: GraphQLFieldResolver<unknown, unknown> | null;
  complete: Complete;
  node: FieldNode;
  def: GraphQLField<unknown, unknown> | null;
}

/** What the shortcut needs to answer one document; built once per parsed document. */
export interface FastPlan {
  operation: OperationDefinitionNode;
  rootField: GraphQLField<unknown, unknown>;
  rootNode: FieldNode;
  rootKey: string;
  /** Argument name → (variable name, coercer). */
  args: { name: string; variable: string; coerce: Coerce }[];
  objectType: GraphQLObjectType;
  fields: SelectedField[];
  /** Completes the root field's value: the object type wrapped as the field's type says. */
  completeRoot: (value: unknown, completeObject: (item: unknown) => unknown) => unknown;
}

function compileRootCompleter(type: GraphQLOutputType): FastPlan['completeRoot'] | null {
  if (isNonNullType(type)) {
    const inner = compileRootCompleter(type.ofType);
    if (!inner) return null;
    return (value, obj) => (value === null || value === undefined ? STEP_ASIDE : inner(value, obj));
  }
  if (isListType(type)) {
    const inner = compileRootCompleter(type.ofType);
    if (!inner) return null;
    return (value, obj) => mapList(value, (item) => inner(item, obj));
  }
  if (isObjectType(type)) {
    // graphql-js would wait for a promised item: leave that to it.
    return (value, obj) =>
      value === null || value === undefined ? null : isThenable(value) ? STEP_ASIDE : obj(value);
  }
  return null;
}

/**
 * The plan for `document` when the shortcut can answer it (see the module comment), else null. Exported for the
 * tests, which check which documents take the shortcut.
 */
export function planFastExecution(
  schema: GraphQLSchema,
  document: DocumentNode,
  rootFields: ReadonlySet<string>,
): FastPlan | null {
  if (document.definitions.length !== 1) return null;
  const operation = document.definitions[0]!;
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') return null;
  if (operation.directives?.length) return null;
  const queryType = schema.getQueryType();
  if (!queryType) return null;
  const selections = operation.selectionSet.selections;
  const rootNode = selections.length === 1 ? selections[0]! : null;
  if (!rootNode || rootNode.kind !== Kind.FIELD) return null;
  if (rootNode.directives?.length || !rootFields.has(rootNode.name.value)) return null;
  const rootField = queryType.getFields()[rootNode.name.value];
  if (!rootField || !rootNode.selectionSet) return null;

  // Every argument passed as a variable of exactly the argument's type, without a default.
  const given = new Map((rootNode.arguments ?? []).map((a) => [a.name.value, a.value]));
  if (given.size !== rootField.args.length) return null;
  const args: FastPlan['args'] = [];
  for (const arg of rootField.args) {
    const value = given.get(arg.name);
    if (!value || value.kind !== Kind.VARIABLE) return null;
    const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === value.name.value);
    if (!definition || definition.defaultValue || definition.directives?.length) return null;
    const declared = typeFromAST(schema, definition.type);
    if (!declared || String(declared) !== String(arg.type)) return null;
    const coerce = compileCoercer(arg.type);
    if (!coerce) return null;
    args.push({ name: arg.name, variable: value.name.value, coerce });
  }
  if ((operation.variableDefinitions?.length ?? 0) !== args.length) return null;

  const objectType = getNamedType(rootField.type);
  if (!isObjectType(objectType) || objectType.isTypeOf) return null;
  const completeRoot = compileRootCompleter(rootField.type);
  if (!completeRoot) return null;
  const fields: SelectedField[] = [];
  for (const selection of rootNode.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length || selection.arguments?.length)
      return null;
    if (selection.selectionSet) return null;
    const key = selection.alias?.value ?? selection.name.value;
    if (selection.name.value === '__typename') {
      fields.push({ key, resolve: null, complete: () => objectType.name, node: selection, def: null });
      continue;
    }
    const def = objectType.getFields()[selection.name.value];
    if (!def || def.args.length > 0) return null;
    const complete = compileLeafCompleter(def.type);
    if (!complete) return null;
    fields.push({ key, resolve: def.resolve ?? defaultFieldResolver, complete, node: selection, def });
  }
  if (fields.length === 0) return null;
  return {
    operation,
    rootField,
    rootNode,
    rootKey: rootNode.alias?.value ?? rootNode.name.value,
    args,
    objectType,
    fields,
    completeRoot,
  };
}

function resolveInfo(
  schema: GraphQLSchema,
  plan: FastPlan,
  variableValues: Record<string, unknown>,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  parentType: GraphQLObjectType,
  path: GraphQLResolveInfo['path'],
): GraphQLResolveInfo {
  return {
    fieldName: field.name,
    fieldNodes: [node],
    returnType: field.type,
    parentType,
    path,
    schema,
    fragments: {},
    rootValue: undefined,
    operation: plan.operation,
    variableValues,
  };
}

/**
 * Runs `plan` for one request: the coerced variables, the root resolver, the selected fields. STEP_ASIDE when
 * graphql-js must answer instead.
 */
export async function executeFastPlan(
  schema: GraphQLSchema,
  plan: FastPlan,
  rawVariables: Record<string, unknown> | undefined,
  contextValue: unknown,
): Promise<Record<string, unknown> | StepAside> {
  const variableValues: Record<string, unknown> = {};
  const args: Record<string, unknown> = {};
  for (const arg of plan.args) {
    const raw = rawVariables?.[arg.variable];
    if (raw === undefined) return STEP_ASIDE;
    const coerced = arg.coerce(raw);
    if (coerced === STEP_ASIDE) return STEP_ASIDE;
    variableValues[arg.variable] = coerced;
    args[arg.name] = coerced;
  }
  const queryType = schema.getQueryType()!;
  const rootPath = { prev: undefined, key: plan.rootKey, typename: queryType.name };
  const rootInfo = resolveInfo(
    schema,
    plan,
    variableValues,
    plan.rootField,
    plan.rootNode,
    queryType,
    rootPath,
  );
  let value: unknown;
  try {
    value = await (plan.rootField.resolve ?? defaultFieldResolver)(undefined, args, contextValue, rootInfo);
  } catch {
    return STEP_ASIDE;
  }

  const fields = plan.fields;
  const infos = fields.map((f) =>
    f.def
      ? resolveInfo(schema, plan, variableValues, f.def, f.node, plan.objectType, {
          prev: rootPath,
          key: f.key,
          typename: plan.objectType.name,
        })
      : null,
  );
  const noArgs = {};
  const completeObject = (source: unknown): unknown => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      let fieldValue: unknown;
      if (f.resolve) {
        try {
          fieldValue = f.resolve(source, noArgs, contextValue, infos[i]!);
        } catch {
          return STEP_ASIDE;
        }
      }
      const completed = f.complete(fieldValue);
      if (completed === STEP_ASIDE) return STEP_ASIDE;
      if (!(f.key in out)) out[f.key] = completed;
    }
    return out;
  };
  let completed: unknown;
  try {
    completed = plan.completeRoot(value, (item) => {
      const object = completeObject(item);
      if (object === STEP_ASIDE) throw STEP_ASIDE;
      return object;
    });
  } catch (error) {
    if (error === STEP_ASIDE) return STEP_ASIDE;
    throw error;
  }
  if (completed === STEP_ASIDE) return STEP_ASIDE;
  return { [plan.rootKey]: completed };
}

/** The Apollo plugin: the shortcut for `rootFields` (e.g. `['verifyFlows']`), graphql-js for everything else. */
export function fastExecutionPlugin<C extends BaseContext>(
  rootFields: readonly string[],
): ApolloServerPlugin<C> {
  const allowed = new Set(rootFields);
  let schema: GraphQLSchema | null = null;
  // Apollo keeps one parsed document per query text, so the plan is built once per distinct operation.
  let plans = new WeakMap<DocumentNode, FastPlan | null>();
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema }) {
          schema = apiSchema;
          plans = new WeakMap();
        },
      };
    },
    async requestDidStart() {
      return {
        async responseForOperation({ document, request, contextValue }): Promise<GraphQLResponse | null> {
          if (!schema || !document) return null;
          let plan = plans.get(document);
          if (plan === undefined) {
            plan = planFastExecution(schema, document, allowed);
            plans.set(document, plan);
          }
          if (!plan) return null;
          const data = await executeFastPlan(schema, plan, request.variables, contextValue);
          if (data === STEP_ASIDE) return null;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { data } },
          };
        },
      };
    },
  };
}
