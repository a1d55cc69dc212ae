/**
 * The demo network (prisma/seed/demo-network.json, ARM REST shape): a hub-and-spoke estate loaded into workspace
 * "default". `seedDemoIfEmpty` runs at API startup; `seedDemo` is `npm run db:seed` (replace-import, idempotent).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '../db';
import { importAzureDocument, type ImportAzureResourcesResult } from './import-azure-resources';
import { DEFAULT_WORKSPACE } from './workspaces';

export const DEMO_NETWORK_FILE = path.join('prisma', 'seed', 'demo-network.json');

/** Finds prisma/seed/demo-network.json by walking up from `start` (works from src/ and dist/). Throws if absent. */
export function findDemoNetworkFile(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, DEMO_NETWORK_FILE);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${DEMO_NETWORK_FILE} not found above ${start}`);
  }
}

export function readDemoNetwork(): unknown {
  return JSON.parse(readFileSync(findDemoNetworkFile(), 'utf8'));
}

/** Replaces workspace "default" with the demo network. Same result however often it runs. */
export function seedDemo(prisma: PrismaClient): Promise<ImportAzureResourcesResult> {
  return importAzureDocument(prisma, {
    workspace: DEFAULT_WORKSPACE,
    document: readDemoNetwork(),
    replace: true,
  });
}

/** Loads the demo network into workspace "default" when it holds no resources; true when it did. */
export async function seedDemoIfEmpty(prisma: PrismaClient): Promise<boolean> {
  const workspace = await prisma.workspace.findUnique({ where: { name: DEFAULT_WORKSPACE } });
  if (workspace) {
    const where = { workspaceId: workspace.id };
    const counts = await Promise.all([
      prisma.virtualNetwork.count({ where }),
      prisma.networkSecurityGroup.count({ where }),
      prisma.applicationSecurityGroup.count({ where }),
      prisma.networkInterface.count({ where }),
      prisma.virtualMachine.count({ where }),
      prisma.networkManager.count({ where }),
      prisma.serviceTag.count({ where }),
    ]);
    if (counts.some((n) => n > 0)) return false;
  }
  await importAzureDocument(prisma, { workspace: DEFAULT_WORKSPACE, document: readDemoNetwork() });
  return true;
}
