/**
 * Drafts are workspaces of their own named `<base>~<draft>`: every page works on a draft by carrying that name in
 * `?workspace=`. These helpers split and build such names.
 */
export const DRAFT_SEPARATOR = '~';

export interface WorkspaceRef {
  /** The live workspace. */
  base: string;
  /** The draft's short name, or null for the live workspace. */
  draft: string | null;
}

export function splitWorkspace(name: string): WorkspaceRef {
  const at = name.indexOf(DRAFT_SEPARATOR);
  if (at <= 0 || at === name.length - 1) return { base: name, draft: null };
  return { base: name.slice(0, at), draft: name.slice(at + 1) };
}

export function draftWorkspace(base: string, draft: string): string {
  return `${base}${DRAFT_SEPARATOR}${draft}`;
}

/** The same 1-64 letters, digits, ".", "-", "_" the API accepts (it has the last word). */
export function isValidDraftName(name: string): boolean {
  return /^[A-Za-z0-9._-]{1,64}$/.test(name);
}
