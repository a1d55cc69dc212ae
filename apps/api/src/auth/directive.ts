/**
 * THE access rule, in one place: every Query and Mutation field carries `@auth(requires: …, workspaceArgs: …)` in
 * the SDL (src/schema/auth/schema.graphql). `applyAuthDirective` reads the directive from the parsed SDL when the
 * server is built and wraps each root resolver:
 *   no caller → UNAUTHENTICATED; server admin → pass; AUTHENTICATED → pass; SERVER_ADMIN → FORBIDDEN;
 *   READER/EDITOR/ADMIN → every workspace named by the field's arguments must be readable by the caller (else the
 *   same NOT_FOUND as a missing workspace, or null for a nullable field — nothing leaks about other workspaces),
 *   and the caller's role there must be high enough (else FORBIDDEN).
 * A root field without `@auth` is refused to everyone but server admins (fail closed); a test asserts none exists.
 * After every mutation (success or failure) this process's token cache and remembered workspace versions are
 * dropped, so nothing a mutation changed is served stale by the next request here.
 */
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
} from 'graphql';
import { AppError } from '../errors';
import type { Context } from '../context';
import type { ServiceDeps } from '../services/deps';
import { DEFAULT_WORKSPACE } from '../services/workspaces';
import { baseWorkspaceName, hasRole, type Role } from './caller';

export type AuthRequirement = 'AUTHENTICATED' | 'READER' | 'EDITOR' | 'ADMIN' | 'SERVER_ADMIN';

export interface FieldAuth {
  requires: AuthRequirement;
  /** Dot paths into the arguments; null = default (`workspace`, else `input.workspace`). */
  workspaceArgs: string[] | null;
  nullable: boolean;
}

const NEEDED_ROLE: Partial<Record<AuthRequirement, Role>> = {
  READER: 'reader',
  EDITOR: 'editor',
  ADMIN: 'admin',
};

export const unauthenticated = () =>
  new AppError(
    'Unauthenticated',
    'Sign in: send an API token as "Authorization: Bearer <token>" (create one with `flowverify token create`).',
    { reason: 'Unauthenticated' },
  );

/** What a workspace you cannot read looks like: exactly a workspace that does not exist. */
export const workspaceNotFound = (name: string, field = 'workspace') =>
  new AppError('NotFound', `Workspace '${name}' was not found.`, { reason: 'NotFound', field });

function readDirective(field: FieldDefinitionNode): FieldAuth | null {
  const d = field.directives?.find((x: ConstDirectiveNode) => x.name.value === 'auth');
  if (!d) return null;
  let requires: AuthRequirement | null = null;
  let workspaceArgs: string[] | null = null;
  for (const arg of d.arguments ?? []) {
    if (arg.name.value === 'requires' && arg.value.kind === Kind.ENUM) {
      requires = arg.value.value as AuthRequirement;
    }
    if (arg.name.value === 'workspaceArgs' && arg.value.kind === Kind.LIST) {
      workspaceArgs = arg.value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
    }
  }
  if (!requires) return null;
  return { requires, workspaceArgs, nullable: field.type.kind !== Kind.NON_NULL_TYPE };
}

/** `@auth` of every Query and Mutation field in the SDL: `Query.me` → FieldAuth (null when missing). */
export function readAuthDirectives(typeDefs: string): Map<string, FieldAuth | null> {
  const out = new Map<string, FieldAuth | null>();
  for (const def of parse(typeDefs).definitions) {
    if (
      (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      (def.name.value === 'Query' || def.name.value === 'Mutation')
    ) {
      for (const field of def.fields ?? [])
        out.set(`${def.name.value}.${field.name.value}`, readDirective(field));
    }
  }
  return out;
}

function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  if (path.length === 0) return [value];
  if (!value || typeof value !== 'object') return [undefined];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** The workspace names a field's arguments refer to ("default" when absent), with the argument path of each. */
export function workspaceNamesOf(
  args: Record<string, unknown>,
  paths: string[] | null,
): { name: string; field: string }[] {
  const input = args.input as Record<string, unknown> | undefined;
  const chosen =
    paths ?? ('workspace' in args ? ['workspace'] : input && 'workspace' in input ? ['input.workspace'] : []);
  if (chosen.length === 0) return [{ name: DEFAULT_WORKSPACE, field: 'workspace' }];
  const out = new Map<string, string>();
  for (const p of chosen) {
    const parts = p.split('.');
    for (const v of valuesAt(args, parts)) {
      const name = typeof v === 'string' && v !== '' ? v : DEFAULT_WORKSPACE;
      if (!out.has(name)) out.set(name, parts[parts.length - 1]!);
    }
  }
  return [...out].map(([name, field]) => ({ name, field }));
}

/**
 * The caller's role in workspace `name` (a draft name maps to its base), or null when they cannot read it or it
 * does not exist. Server admins: 'admin' everywhere.
 */
export async function roleIn(
  ctx: Pick<ServiceDeps, 'prisma' | 'caller'> & Partial<Pick<ServiceDeps, 'cache'>>,
  name: string,
): Promise<Role | null> {
  const caller = ctx.caller;
  if (!caller) return null;
  if (caller.isServerAdmin) return 'admin';
  const base = baseWorkspaceName(name);
  // The verifier cache remembers name → id (see its staleness rules); without it, one indexed read.
  const ws = ctx.cache
    ? await ctx.cache.lookupWorkspace(base)
    : await ctx.prisma.workspace.findUnique({ where: { name: base }, select: { id: true } });
  return ws ? (caller.roles.get(ws.id) ?? null) : null;
}

/** Throws unless the caller holds at least `needed` in workspace `name` (NOT_FOUND when they cannot read it). */
export async function requireRole(
  ctx: Pick<ServiceDeps, 'prisma' | 'caller'> & Partial<Pick<ServiceDeps, 'cache'>>,
  name: string,
  needed: Role,
  field = 'workspace',
): Promise<void> {
  if (!ctx.caller) throw unauthenticated();
  if (ctx.caller.isServerAdmin) return;
  const role = await roleIn(ctx, name);
  if (!role) throw workspaceNotFound(name, field);
  if (!hasRole(role, needed)) {
    throw new AppError(
      'Forbidden',
      `This needs the ${needed} role in workspace '${baseWorkspaceName(name)}'; you are ${role}.`,
      { reason: 'InsufficientRole', required: needed, role },
    );
  }
}

type AnyResolver = GraphQLFieldResolver<unknown, Context, Record<string, unknown>>;

function guard(
  typeName: string,
  fieldName: string,
  auth: FieldAuth | null,
  resolve: AnyResolver,
): AnyResolver {
  return async (parent: unknown, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => {
    const caller = ctx.caller;
    if (!caller) throw ctx.authFailure ?? unauthenticated();
    if (!caller.isServerAdmin) {
      if (!auth || auth.requires === 'SERVER_ADMIN') {
        throw new AppError('Forbidden', `${typeName}.${fieldName} needs a server admin.`, {
          reason: 'ServerAdminRequired',
        });
      }
      const needed = NEEDED_ROLE[auth.requires];
      if (needed) {
        for (const { name, field } of workspaceNamesOf(args, auth.workspaceArgs)) {
          const role = await roleIn(ctx, name);
          if (!role) {
            if (auth.nullable) return null;
            throw workspaceNotFound(name, field);
          }
          if (!hasRole(role, needed)) await requireRole(ctx, name, needed, field);
        }
      }
    }
    if (typeName !== 'Mutation') return resolve(parent, args, ctx, info);
    ctx.operation = { field: fieldName, args };
    try {
      return await resolve(parent, args, ctx, info);
    } finally {
      // Whatever the mutation wrote (tokens, members, users, workspaces, models) has committed or rolled back by
      // now: the next request in this process reads tokens and workspace versions from the database again.
      forgetAfterMutation(ctx);
    }
  };
}

/** Drops this process's token cache and remembered workspace versions (see src/auth/token-cache.ts). */
export function forgetAfterMutation(ctx: Pick<Context, 'cache' | 'tokenCache'>): void {
  ctx.tokenCache?.clear();
  ctx.cache.forgetWorkspaces();
}

/** Wraps every Query/Mutation resolver with its `@auth` rule; fields without a resolver get a guarded default. */
export function applyAuthDirective<R extends Record<string, unknown>>(typeDefs: string, resolvers: R): R {
  const directives = readAuthDirectives(typeDefs);
  const out: Record<string, unknown> = { ...resolvers };
  for (const typeName of ['Query', 'Mutation']) {
    const fields = { ...((resolvers[typeName] as Record<string, AnyResolver> | undefined) ?? {}) };
    for (const [key, auth] of directives) {
      const [t, fieldName] = key.split('.') as [string, string];
      if (t !== typeName) continue;
      const original =
        fields[fieldName] ?? ((p: unknown) => (p as Record<string, unknown> | null)?.[fieldName]);
      fields[fieldName] = guard(typeName, fieldName, auth, original);
    }
    out[typeName] = fields;
  }
  return out as R;
}
