'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId, useMemo, type ReactNode } from 'react';
import { createRequest } from '@urql/core';
import { useQuery } from 'urql';
import { ResourceLink } from '@/components/resource-link';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import {
  AsgTableQuery,
  NetworkManagerTableQuery,
  NicTableQuery,
  NsgTableQuery,
  VmTableQuery,
  VnetTableQuery,
} from '@/graphql/operations/resources';
import { WorkspaceStatsQuery } from '@/graphql/operations/workspace';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { withWorkspace } from '@/src/lib/hrefs';

interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Text the filter box searches. */
  text: (row: T) => string;
}

type Stats = Record<string, number>;

interface TableSpec<D, T> {
  key: string;
  label: string;
  document: TypedDocumentNode<D, { workspace: string }>;
  /** null when the workspace does not exist. */
  rows: (data: D) => T[] | null;
  /** The tab's count, from the workspace stats. */
  stat: string;
  columns: Column<T>[];
}

function spec<D, T>(s: TableSpec<D, T>): TableSpec<D, T> {
  return s;
}

const list = (xs: readonly string[]) => xs.join(', ');

const TABLES = [
  spec({
    key: 'vms',
    label: 'Virtual machines',
    document: VmTableQuery,
    stat: 'virtualMachines',
    rows: (d) => d.workspace?.virtualMachines.edges.map((e) => e.node) ?? null,
    columns: [
      { header: 'Name', cell: (r) => <ResourceLink id={r.id} name={r.name} />, text: (r) => r.name },
      {
        header: 'Private IPs',
        cell: (r) => (
          <span className="mono">
            {list(
              r.networkInterfaces.flatMap((n) =>
                n.ipConfigurations.edges.map((e) => e.node.privateIPAddress),
              ),
            )}
          </span>
        ),
        text: (r) =>
          list(
            r.networkInterfaces.flatMap((n) => n.ipConfigurations.edges.map((e) => e.node.privateIPAddress)),
          ),
      },
      {
        header: 'NICs',
        cell: (r) => (
          <span className="chips">
            {r.networkInterfaces.map((n) => (
              <ResourceLink key={n.id} id={n.id} name={n.name} />
            ))}
          </span>
        ),
        text: (r) => list(r.networkInterfaces.map((n) => n.name)),
      },
      { header: 'Location', cell: (r) => r.location, text: (r) => r.location },
      { header: 'Power', cell: (r) => r.powerState ?? 'running', text: (r) => r.powerState ?? 'running' },
      { header: 'Resource group', cell: (r) => r.resourceGroup ?? '—', text: (r) => r.resourceGroup ?? '' },
    ],
  }),
  spec({
    key: 'vnets',
    label: 'Virtual networks',
    document: VnetTableQuery,
    stat: 'virtualNetworks',
    rows: (d) => d.workspace?.virtualNetworks.edges.map((e) => e.node) ?? null,
    columns: [
      { header: 'Name', cell: (r) => <ResourceLink id={r.id} name={r.name} />, text: (r) => r.name },
      {
        header: 'Address space',
        cell: (r) => <span className="mono">{list(r.addressPrefixes)}</span>,
        text: (r) => list(r.addressPrefixes),
      },
      { header: 'Subnets', cell: (r) => r.subnets.totalCount, text: () => '' },
      { header: 'Peerings', cell: (r) => r.virtualNetworkPeerings.totalCount, text: () => '' },
      { header: 'Location', cell: (r) => r.location, text: (r) => r.location },
    ],
  }),
  spec({
    key: 'subnets',
    label: 'Subnets',
    document: VnetTableQuery,
    stat: 'subnets',
    rows: (d) =>
      d.workspace?.virtualNetworks.edges.flatMap((v) =>
        v.node.subnets.edges.map((s) => ({ ...s.node, vnet: v.node })),
      ) ?? null,
    columns: [
      { header: 'Name', cell: (r) => <ResourceLink id={r.id} name={r.name} />, text: (r) => r.name },
      {
        header: 'VNet',
        cell: (r) => <ResourceLink id={r.vnet.id} name={r.vnet.name} />,
        text: (r) => r.vnet.name,
      },
      {
        header: 'Prefixes',
        cell: (r) => <span className="mono">{list(r.addressPrefixes)}</span>,
        text: (r) => list(r.addressPrefixes),
      },
      {
        header: 'NSG',
        cell: (r) =>
          r.networkSecurityGroup ? (
            <ResourceLink id={r.networkSecurityGroup.id} name={r.networkSecurityGroup.name} />
          ) : (
            <span className="muted">none</span>
          ),
        text: (r) => r.networkSecurityGroup?.name ?? '',
      },
      { header: 'IP configurations', cell: (r) => r.ipConfigurations.totalCount, text: () => '' },
    ],
  }),
  spec({
    key: 'nsgs',
    label: 'Network security groups',
    document: NsgTableQuery,
    stat: 'networkSecurityGroups',
    rows: (d) => d.workspace?.networkSecurityGroups.edges.map((e) => e.node) ?? null,
    columns: [
      { header: 'Name', cell: (r) => <ResourceLink id={r.id} name={r.name} />, text: (r) => r.name },
      { header: 'Custom rules', cell: (r) => r.securityRules.totalCount, text: () => '' },
      { header: 'Subnets', cell: (r) => r.subnets.totalCount, text: () => '' },
      { header: 'NICs', cell: (r) => r.networkInterfaces.totalCount, text: () => '' },
      { header: 'Location', cell: (r) => r.location ?? '—', text: (r) => r.location ?? '' },
      { header: 'Resource group', cell: (r) => r.resourceGroup ?? '—', text: (r) => r.resourceGroup ?? '' },
    ],
  }),
  spec({
    key: 'asgs',
    label: 'Application security groups',
    document: AsgTableQuery,
    stat: 'applicationSecurityGroups',
    rows: (d) => d.workspace?.applicationSecurityGroups.edges.map((e) => e.node) ?? null,
    columns: [
      { header: 'Name', cell: (r) => <ResourceLink id={r.id} name={r.name} />, text: (r) => r.name },
      { header: 'Members', cell: (r) => r.ipConfigurations.totalCount, text: () => '' },
      { header: 'Location', cell: (r) => r.location ?? '—', text: (r) => r.location ?? '' },
      { header: 'Resource group', cell: (r) => r.resourceGroup ?? '—', text: (r) => r.resourceGroup ?? '' },
    ],
  }),
  spec({
    key: 'nics',
    label: 'Network interfaces',
    document: NicTableQuery,
    stat: 'networkInterfaces',
    rows: (d) => d.workspace?.networkInterfaces.edges.map((e) => e.node) ?? null,
    columns: [
      { header: 'Name', cell: (r) => <ResourceLink id={r.id} name={r.name} />, text: (r) => r.name },
      {
        header: 'Private IPs',
        cell: (r) => (
          <span className="mono">{list(r.ipConfigurations.edges.map((e) => e.node.privateIPAddress))}</span>
        ),
        text: (r) => list(r.ipConfigurations.edges.map((e) => e.node.privateIPAddress)),
      },
      {
        header: 'VM',
        cell: (r) =>
          r.virtualMachine ? (
            <ResourceLink id={r.virtualMachine.id} name={r.virtualMachine.name} />
          ) : (
            <span className="muted">unattached</span>
          ),
        text: (r) => r.virtualMachine?.name ?? '',
      },
      {
        header: 'NSG',
        cell: (r) =>
          r.networkSecurityGroup ? (
            <ResourceLink id={r.networkSecurityGroup.id} name={r.networkSecurityGroup.name} />
          ) : (
            <span className="muted">none</span>
          ),
        text: (r) => r.networkSecurityGroup?.name ?? '',
      },
      { header: 'IP forwarding', cell: (r) => (r.enableIPForwarding ? 'on' : 'off'), text: () => '' },
    ],
  }),
  spec({
    key: 'network-managers',
    label: 'Network managers',
    document: NetworkManagerTableQuery,
    stat: 'networkManagers',
    rows: (d) => d.workspace?.networkManagers.edges.map((e) => e.node) ?? null,
    columns: [
      { header: 'Name', cell: (r) => <ResourceLink id={r.id} name={r.name} />, text: (r) => r.name },
      {
        header: 'Scope',
        cell: (r) => (
          <span className="mono small">{list([...r.scopeManagementGroups, ...r.scopeSubscriptions])}</span>
        ),
        text: (r) => list([...r.scopeManagementGroups, ...r.scopeSubscriptions]),
      },
      { header: 'Network groups', cell: (r) => r.networkGroups.totalCount, text: () => '' },
      {
        header: 'Admin configurations',
        cell: (r) => r.securityAdminConfigurations.totalCount,
        text: () => '',
      },
    ],
  }),
] as unknown as TableSpec<unknown, unknown>[];

export function ResourceTables() {
  const workspace = useWorkspace();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filterId = useId();
  const kind = TABLES.find((t) => t.key === params.get('kind')) ?? TABLES[0]!;
  const filter = params.get('q') ?? '';
  const [query] = useQuery({ query: kind.document, variables: { workspace } });
  // Right after a tab switch urql still holds the previous kind's result for one render; reading it with this
  // kind's shape crashed the page. Use a result only when it answers this kind's query in this workspace.
  // (By the operation's key: the query document itself is rewritten on its way through urql's cache exchange.)
  const requestKey = useMemo(() => createRequest(kind.document, { workspace }).key, [kind, workspace]);
  const current = query.operation?.key === requestKey;
  const data = current ? query.data : undefined;
  const error = current ? query.error : undefined;
  const fetching = query.fetching || !current;
  const [{ data: statsData }] = useQuery({ query: WorkspaceStatsQuery, variables: { workspace } });
  const stats = statsData?.workspace?.stats as Stats | undefined;
  const allRows = data ? kind.rows(data) : null;

  const setParam = (name: string, value: string) => {
    const copy = new URLSearchParams(params.toString());
    if (value) copy.set(name, value);
    else copy.delete(name);
    router.replace(`${pathname}?${copy.toString()}`, { scroll: false });
  };

  const rows = useMemo(() => {
    if (!allRows) return [];
    const all = allRows;
    const needle = filter.trim().toLowerCase();
    if (!needle) return all;
    return all.filter((row) => kind.columns.some((c) => c.text(row).toLowerCase().includes(needle)));
  }, [allRows, kind, filter]);

  const tabHref = (key: string) => {
    const copy = new URLSearchParams(params.toString());
    copy.set('kind', key);
    copy.delete('workspace');
    return withWorkspace(`/resources?${copy.toString()}`, workspace);
  };

  return (
    <>
      <nav aria-label="Resource kinds" className="tabs">
        {TABLES.map((t) => (
          <Link key={t.key} href={tabHref(t.key)} aria-current={t.key === kind.key ? 'page' : undefined}>
            {t.label}
            {stats ? <span className="muted small"> {stats[t.stat] ?? 0}</span> : null}
          </Link>
        ))}
      </nav>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={filterId}>Filter {kind.label.toLowerCase()}</label>
          <input
            id={filterId}
            type="search"
            value={filter}
            placeholder="Name, IP, prefix…"
            onChange={(e) => setParam('q', e.target.value)}
          />
        </div>
        {allRows ? (
          <p className="muted small" aria-live="polite">
            {rows.length} of {allRows.length} shown
            {stats && (stats[kind.stat] ?? 0) > allRows.length
              ? ` (first ${allRows.length} of ${stats[kind.stat]})`
              : ''}
          </p>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} title="Could not load resources." /> : null}
      {fetching && !data ? <Loading label="Loading resources…" /> : null}
      {!fetching && !error && data && !allRows ? <Empty>Workspace {workspace} does not exist.</Empty> : null}
      {allRows && rows.length === 0 ? (
        <Empty>
          {filter
            ? `No ${kind.label.toLowerCase()} match “${filter}”.`
            : `No ${kind.label.toLowerCase()} in this workspace.`}
        </Empty>
      ) : null}
      {allRows && rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{kind.label}</caption>
            <thead>
              <tr>
                {kind.columns.map((c) => (
                  <th key={c.header} scope="col">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={(row as { id?: string }).id ?? i}>
                  {kind.columns.map((c) => (
                    <td key={c.header}>{c.cell(row)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
