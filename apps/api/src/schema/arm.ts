/**
 * ARM id helpers shared by the type resolvers.
 */
export function armSubscription(armId: string): string | null {
  return /\/subscriptions\/([^/]+)/i.exec(armId)?.[1] ?? null;
}

export function armResourceGroup(armId: string): string | null {
  return /\/resourceGroups\/([^/]+)/i.exec(armId)?.[1] ?? null;
}

/** Fields every AzureResource row shares: id = ARM id, subscription and resource group parsed from it. */
export function resourceFields(type: string) {
  return {
    id: (row: { armId: string }) => row.armId,
    type: () => type,
    subscriptionId: (row: { armId: string }) => armSubscription(row.armId),
    resourceGroup: (row: { armId: string }) => armResourceGroup(row.armId),
  };
}

/** Resolves `workspace` on any row through the per-request loader. */
export const workspaceField = async (
  row: { workspaceId: string },
  _args: unknown,
  ctx: { loaders: { workspace: { load(id: string): Promise<import('../db').Workspace | null> } } },
) => {
  const ws = await ctx.loaders.workspace.load(row.workspaceId);
  if (!ws) throw new Error(`workspace ${row.workspaceId} vanished`);
  return ws;
};

/** A loaded row that must exist (foreign keys guarantee it). */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} not found`);
  return value;
}
