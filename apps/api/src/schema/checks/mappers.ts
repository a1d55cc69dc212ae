/** Parent types of the saved-check resolvers (codegen mappers): the rows the services return. */
export type { SavedCheck, CheckRun } from '@flowverify/db';
