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

export function textGuardPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const where =
            findNulText(request.variables ?? {}, '') ??
            (document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)
              ? findNulLiteral(document)
              : null);
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
