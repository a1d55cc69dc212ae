'use client';

import { useQuery } from 'urql';
import { WorkspaceStatsQuery } from '@/graphql/operations/workspace';
import { useWorkspace } from '@/components/use-workspace';

const LABELS: [keyof StatsShape, string][] = [
  ['virtualNetworks', 'VNets'],
  ['subnets', 'subnets'],
  ['networkSecurityGroups', 'NSGs'],
  ['securityRules', 'rules'],
  ['applicationSecurityGroups', 'ASGs'],
  ['networkInterfaces', 'NICs'],
  ['virtualMachines', 'VMs'],
  ['networkManagers', 'network managers'],
  ['adminRules', 'admin rules'],
];

type StatsShape = {
  virtualNetworks: number;
  subnets: number;
  networkSecurityGroups: number;
  securityRules: number;
  applicationSecurityGroups: number;
  networkInterfaces: number;
  virtualMachines: number;
  networkManagers: number;
  adminRules: number;
};

export function WorkspaceStats() {
  const workspace = useWorkspace();
  const [{ data }] = useQuery({ query: WorkspaceStatsQuery, variables: { workspace } });
  const stats = data?.workspace?.stats;
  if (!stats) return null;
  return (
    <ul className="stats" aria-label="Workspace contents">
      {LABELS.map(([key, label]) => (
        <li key={key}>
          <strong>{stats[key]}</strong>
          {label}
        </li>
      ))}
    </ul>
  );
}
