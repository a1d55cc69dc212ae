/**
 * Text Postgres cannot store: a NUL character (U+0000) is refused by every text column, mid-write, as an internal
 * error. This plugin finds one anywhere in the operation's variables or string literals before any resolver runs
 * and answers BAD_USER_INPUT `InvalidText` with the path of the offending value (e.g.
 * `input.document[2].properties.location`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/** Whether any string (value or key) inside `value` holds U+0000: the common no case allocates nothing. */
function hasNulText(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasNulText(value[i])) return true;
    return false;
  }
  for (const k in value) {
    if (k.includes('\u0000') || hasNulText((value as Record<string, unknown>)[k])) return true;
  }
  return false;
}

/** Path of the first string holding U+0000 inside `value` (arrays as `[i]`, objects as `.key`), or null. */
export function findNulText(value: unknown, path: string): string | null {
  return hasNulText(value) ? pathOfNul(value, path) : null;
}

function pathOfNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return path ? `${path}.${k}` : k;
    const found = pathOfNul(v, path ? `${path}.${k}` : k);
    if (found) return found;
  }
  return null;
}

/** The argument / input-field path of the first string literal holding U+0000 in the document, or null. */
function findNulLiteral(document: DocumentNode): string | null {
  const names: string[] = [];
  let found: string | null = null;
  visit(document, {
    Argument: { enter: (n) => void names.push(n.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (n) => void names.push(n.name.value), leave: () => void names.pop() },
    StringValue(n) {
      if (found === null && n.value.includes('\u0000')) found = names.join('.') || 'query';
    },
  });
  return found;
}

/**
 * Whether a JSON body can be known, from its raw bytes, to hold no U+0000 in any string: JSON can only spell that
 * character as the escape `\u0000` (a raw control character inside a string is a syntax error), so a UTF-8 body
 * without that escape has none. The variables of a 1,000-flow batch are then not walked string by string. A false
 * answer (another charset, or the six characters present, e.g. an escaped backslash before `u0000`) only means the
 * variables are walked as usual.
 */
export function jsonBodyHasNoNul(body: Buffer, encoding: string): boolean {
  return (encoding === 'utf-8' || encoding === 'utf8') && !body.includes('\\u0000');
}

export interface TextGuardOptions<C> {
  /** True when this request's variables are known to hold no U+0000 (see `jsonBodyHasNoNul`). */
  variablesHaveNoNul?: (context: C) => boolean;
}

export function textGuardPlugin<C extends object>(options: TextGuardOptions<C> = {}): ApolloServerPlugin<C> {
  // Apollo keeps one parsed document per query text: its literals are searched once, not on every request.
  const literals = new WeakMap<DocumentNode, string | null>();
  const nulLiteralOf = (document: DocumentNode): string | null => {
    let found = literals.get(document);
    if (found === undefined) {
      found = document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)
        ? findNulLiteral(document)
        : null;
      literals.set(document, found);
    }
    return found;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, contextValue }) {
          const variablesClean = options.variablesHaveNoNul?.(contextValue) === true;
          const where =
            (variablesClean ? null : findNulText(request.variables ?? {}, '')) ?? nulLiteralOf(document);
          if (where === null) return;
          throw new GraphQLError(
            `${where} contains a NUL character (U+0000), which cannot be stored; remove it.`,
            {
              extensions: {
                code: 'BAD_USER_INPUT',
                reason: 'InvalidText',
                field: where,
                http: { status: 400 },
              },
            },
          );
        },
      };
    },
  };
}
