/**
 * API tokens: created with a random secret returned once (only its sha256 is stored), listed, revoked.
 * Users manage their own tokens; server admins manage everyone's and may mint tokens for other users.
 */
import type { Caller } from '../auth/caller';
import { unauthenticated } from '../auth/directive';
import { generateTokenSecret, hashToken, tokenPrefix } from '../auth/tokens';
import type { PrismaClient } from '../db';
import { AppError, badInput, notFound } from '../errors';
import type { ServiceDeps } from './deps';

const requireCaller = (deps: ServiceDeps): Caller => {
  if (!deps.caller) throw unauthenticated();
  return deps.caller;
};

/** Inserts a token for `userId` and returns the row plus the secret (the only time it exists in clear). */
export async function insertApiToken(
  prisma: Pick<PrismaClient, 'apiToken'>,
  data: { userId: string; name: string; expiresAt?: Date | null; isBootstrap?: boolean; secret?: string },
) {
  const secret = data.secret ?? generateTokenSecret();
  const row = await prisma.apiToken.create({
    data: {
      userId: data.userId,
      name: data.name,
      tokenHash: hashToken(secret),
      tokenPrefix: tokenPrefix(secret),
      expiresAt: data.expiresAt ?? null,
      isBootstrap: data.isBootstrap ?? false,
    },
    include: { user: true },
  });
  return { row, secret };
}

export async function createApiToken(
  deps: ServiceDeps,
  input: { name: string; expiresAt?: string | null; userName?: string | null },
) {
  const caller = requireCaller(deps);
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw badInput('InvalidName', 'A token name is 1-100 characters.', { field: 'name' });
  let expiresAt: Date | null = null;
  if (input.expiresAt) {
    expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
      throw badInput('InvalidExpiry', 'expiresAt must be an ISO 8601 time in the future.', {
        field: 'expiresAt',
      });
    }
  }
  let userId = caller.userId;
  if (input.userName && input.userName.toLowerCase() !== caller.userName.toLowerCase()) {
    if (!caller.isServerAdmin) {
      throw new AppError('Forbidden', 'Only server admins create tokens for other users.', {
        reason: 'ServerAdminRequired',
        field: 'userName',
      });
    }
    const user = await deps.prisma.user.findFirst({
      where: { name: { equals: input.userName, mode: 'insensitive' } },
    });
    if (!user) throw notFound('User', input.userName, 'userName');
    userId = user.id;
  }
  const { row, secret } = await insertApiToken(deps.prisma, { userId, name, expiresAt });
  return { apiToken: row, token: secret };
}

export async function listApiTokens(deps: ServiceDeps, options: { includeRevoked?: boolean | null }) {
  const caller = requireCaller(deps);
  return deps.prisma.apiToken.findMany({
    where: {
      ...(caller.isServerAdmin ? {} : { userId: caller.userId }),
      ...(options.includeRevoked ? {} : { revokedAt: null }),
    },
    include: { user: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Revokes a token (yours, or anyone's for server admins). Someone else's token is NOT_FOUND to non-admins. */
export async function revokeApiToken(deps: ServiceDeps, input: { id: string }) {
  const caller = requireCaller(deps);
  const token = UUID.test(input.id)
    ? await deps.prisma.apiToken.findUnique({ where: { id: input.id } })
    : null;
  if (!token || (!caller.isServerAdmin && token.userId !== caller.userId))
    throw notFound('API token', input.id, 'id');
  return deps.prisma.apiToken.update({
    where: { id: token.id },
    data: { revokedAt: token.revokedAt ?? new Date() },
    include: { user: true },
  });
}
