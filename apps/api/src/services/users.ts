/**
 * Users: people (or automation) owning API tokens. Server admins create them; everyone can list names.
 */
import { badInput, conflict, translateDatabaseError } from '../errors';
import type { ServiceDeps } from './deps';

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export async function createUser(
  deps: ServiceDeps,
  input: { name: string; displayName?: string | null; isServerAdmin?: boolean | null },
) {
  if (!USER_NAME.test(input.name)) {
    throw badInput(
      'InvalidName',
      'A user name is 1-64 letters, digits, ".", "-", "_" or "@", starting with a letter or digit.',
      { field: 'name' },
    );
  }
  const existing = await deps.prisma.user.findFirst({
    where: { name: { equals: input.name, mode: 'insensitive' } },
  });
  if (existing) throw conflict('AlreadyExists', `User '${input.name}' already exists.`, { field: 'name' });
  try {
    return await deps.prisma.user.create({
      data: {
        name: input.name,
        displayName: input.displayName ?? null,
        isServerAdmin: input.isServerAdmin ?? false,
      },
    });
  } catch (error) {
    throw translateDatabaseError(error, `User '${input.name}'`);
  }
}

export async function listUsers(deps: ServiceDeps) {
  return deps.prisma.user.findMany({ orderBy: [{ name: 'asc' }] });
}

export async function findUserByName(deps: ServiceDeps, name: string) {
  return deps.prisma.user.findFirst({ where: { name: { equals: name, mode: 'insensitive' } } });
}
