/**
 * User-defined service tags (name → prefixes). Prefix syntax is judged by parseNetwork in writeWorkspace.
 *
 * A tag is named by its name (case-insensitive). Both writes go through writeWorkspace with the tag as the audited
 * row, so the history holds its before/after and id, and the optional `expectedVersion` is compared under the
 * workspace lock: a stale one is CONFLICT (VersionMismatch, `currentVersion`, `current`) like every resource's.
 * `setServiceTag` with an `expectedVersion` only replaces: if the tag is gone meanwhile it is CONFLICT
 * (`currentVersion: null`), not re-created. Without `expectedVersion` both behave as before (unconditional).
 */
import type { Tx } from '../db';
import { conflict, notFound, throwIfIssues } from '../errors';
import type { DeleteServiceTagInput, SetServiceTagInput } from '../generated/graphql';
import type { ServiceDeps } from './deps';
import { writeWorkspace } from './write-workspace';
import { requireWorkspace } from './workspaces';

const TAG_NAME = /^[A-Za-z][\w.-]{0,127}$/;

const findTag = (tx: Pick<Tx, 'serviceTag'>, workspaceId: string, name: string) =>
  tx.serviceTag.findFirst({
    where: { workspaceId, name: { equals: name, mode: 'insensitive' } },
  });

/** The tag as the history records it (and as writeWorkspace compares `expectedVersion` with). */
const auditedTag = (workspaceId: string, name: string) => async (tx: Tx) => {
  const row = await findTag(tx, workspaceId, name);
  return row ? { ...row, __typename: 'ServiceTag' } : null;
};

export async function setServiceTag(deps: ServiceDeps, input: SetServiceTagInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  throwIfIssues(
    TAG_NAME.test(input.name)
      ? []
      : [
          {
            code: 'InvalidName',
            path: ['input', 'name'],
            message: `'${input.name}' is not a valid service tag name.`,
          },
        ],
  );
  const { value } = await writeWorkspace(
    deps,
    ws.id,
    {
      what: `Service tag '${input.name}'`,
      pathPrefix: ['input'],
      audited: auditedTag(ws.id, input.name),
    },
    async (tx) => {
      const existing = await findTag(tx, ws.id, input.name);
      if (!existing && input.expectedVersion !== null && input.expectedVersion !== undefined) {
        throw conflict(
          'VersionMismatch',
          `Service tag '${input.name}' was deleted since version ${input.expectedVersion}; reload and retry.`,
          { field: 'expectedVersion', currentVersion: null, current: null },
        );
      }
      return existing
        ? tx.serviceTag.update({
            where: { id: existing.id },
            data: { addressPrefixes: input.addressPrefixes, version: { increment: 1 } },
          })
        : tx.serviceTag.create({
            data: { workspaceId: ws.id, name: input.name, addressPrefixes: input.addressPrefixes },
          });
    },
  );
  return { serviceTag: value };
}

export async function deleteServiceTag(deps: ServiceDeps, input: DeleteServiceTagInput) {
  const ws = await requireWorkspace(deps, input.workspace);
  const tag = await findTag(deps.prisma, ws.id, input.name);
  if (!tag) throw notFound('Service tag', input.name, 'name');
  await writeWorkspace(
    deps,
    ws.id,
    { what: `Service tag '${tag.name}'`, audited: auditedTag(ws.id, tag.name) },
    (tx) => tx.serviceTag.delete({ where: { id: tag.id } }),
  );
  return { deletedName: tag.name };
}
