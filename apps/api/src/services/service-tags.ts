/**
 * User-defined service tags (name → prefixes). Prefix syntax is judged by parseNetwork in writeWorkspace.
 */
import { notFound, throwIfIssues } from '../errors';
import type { DeleteServiceTagInput, SetServiceTagInput } from '../generated/graphql';
import type { ServiceDeps } from './deps';
import { writeWorkspace } from './write-workspace';
import { requireWorkspace } from './workspaces';

const TAG_NAME = /^[A-Za-z][\w.-]{0,127}$/;

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
    { what: `Service tag '${input.name}'`, pathPrefix: ['input'] },
    async (tx) => {
      const existing = await tx.serviceTag.findFirst({
        where: { workspaceId: ws.id, name: { equals: input.name, mode: 'insensitive' } },
      });
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
  const tag = await deps.prisma.serviceTag.findFirst({
    where: { workspaceId: ws.id, name: { equals: input.name, mode: 'insensitive' } },
  });
  if (!tag) throw notFound('Service tag', input.name, 'name');
  await writeWorkspace(deps, ws.id, { what: `Service tag '${tag.name}'` }, (tx) =>
    tx.serviceTag.delete({ where: { id: tag.id } }),
  );
  return { deletedName: tag.name };
}
