/**
 * Rows → the GraphQL shapes of the auth module (dates as ISO strings, roles upper-case). Never includes hashes.
 */
import type { ApiToken as ApiTokenRow, User as UserRow, WorkspaceRole as RoleRow } from '@flowverify/db';
import type { ApiToken, User, WorkspaceRole } from '../../../generated/graphql';

export const toRole = (role: RoleRow): WorkspaceRole => role.toUpperCase() as WorkspaceRole;
export const fromRole = (role: WorkspaceRole): RoleRow => role.toLowerCase() as RoleRow;

export const toUser = (u: UserRow): User => ({
  id: u.id,
  name: u.name,
  displayName: u.displayName,
  isServerAdmin: u.isServerAdmin,
  createdAt: u.createdAt.toISOString(),
});

export const toApiToken = (t: ApiTokenRow & { user: UserRow }): ApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.tokenPrefix,
  user: toUser(t.user),
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  isBootstrap: t.isBootstrap,
});

export const toMember = (m: {
  role: RoleRow;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  user: UserRow;
  workspaceName: string;
}) => ({
  user: toUser(m.user),
  workspace: m.workspaceName,
  role: toRole(m.role),
  version: m.version,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});
