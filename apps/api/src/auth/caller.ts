/**
 * The authenticated caller of a request: the token's user, their workspace roles, server-admin flag.
 */
import type { WorkspaceRole } from '@flowverify/db';

export type Role = WorkspaceRole; // 'reader' | 'editor' | 'admin'

export interface Caller {
  userId: string;
  userName: string;
  isServerAdmin: boolean;
  tokenId: string;
  /** workspace id → role (live workspaces only; a draft uses its base's). */
  roles: Map<string, Role>;
}

export const ROLE_RANK: Record<Role, number> = { reader: 1, editor: 2, admin: 3 };

/** True when `role` is at least `needed`. */
export const hasRole = (role: Role | undefined, needed: Role): boolean =>
  role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];

/** The live workspace whose roles apply: a draft `<base>~<draft>` → `<base>`. */
export const baseWorkspaceName = (name: string): string => name.split('~')[0] ?? name;
