/** Parent type of the Draft resolvers (codegen mapper): a draft is a workspace row with `kind = draft`. */
import type { Workspace } from '../../db';

export type Draft = Workspace;
