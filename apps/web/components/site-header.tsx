'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from 'urql';
import { WorkspacesQuery } from '@/graphql/operations/workspace';
import { withWorkspace } from '@/src/lib/hrefs';
import { DEFAULT_WORKSPACE } from '@/src/lib/verify-query';
import { splitWorkspace } from '@/src/lib/drafts';
import { DraftSwitcher } from './draft-switcher';
import { UserMenu } from './user-menu';
import { useWorkspace } from './use-workspace';

const NAV = [
  { href: '/', label: 'Topology' },
  { href: '/resources', label: 'Resources' },
  { href: '/verify', label: 'IP flow verify' },
  { href: '/import', label: 'Import' },
  { href: '/checks', label: 'Checks' },
  { href: '/drafts', label: 'Drafts' },
  { href: '/history', label: 'History' },
];

/** Pages that make sense in any workspace; on other pages switching workspace goes to the topology. */
const WORKSPACE_NEUTRAL = new Set([
  '/',
  '/resources',
  '/verify',
  '/import',
  '/checks',
  '/drafts',
  '/history',
  '/members',
  '/tokens',
]);

export function SiteHeader() {
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const workspace = useWorkspace();
  const signingIn = pathname === '/signin';
  // The workspace switcher lists the live workspaces; the draft switcher beside it picks a draft of one.
  const { base } = splitWorkspace(workspace);
  const [{ data }] = useQuery({ query: WorkspacesQuery, pause: signingIn });
  const names = new Set(
    (data?.workspaces.edges ?? []).map((e) => e.node.name).filter((n) => !splitWorkspace(n).draft),
  );
  if (!data) names.add(DEFAULT_WORKSPACE);
  names.add(base);

  const switchTo = (next: string) => {
    if (WORKSPACE_NEUTRAL.has(pathname)) {
      const copy = new URLSearchParams(params.toString());
      if (next === DEFAULT_WORKSPACE) copy.delete('workspace');
      else copy.set('workspace', next);
      const qs = copy.toString();
      router.push(qs ? `${pathname}?${qs}` : pathname);
    } else {
      router.push(withWorkspace('/', next));
    }
  };

  if (signingIn) {
    return (
      <header className="site-header">
        <span className="brand">flowverify</span>
      </header>
    );
  }

  return (
    <header className="site-header">
      <Link href={withWorkspace('/', workspace)} className="brand">
        <svg viewBox="0 0 32 32" width="24" height="24" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="#1f4fd8" />
          <path
            d="M7 10h11l-3-3M25 22H14l3 3"
            fill="none"
            stroke="#fff"
            strokeWidth="2.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        flowverify
      </Link>
      <nav aria-label="Main" className="site-nav">
        <ul>
          {NAV.map((item) => {
            const current = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href);
            return (
              <li key={item.href}>
                <Link href={withWorkspace(item.href, workspace)} aria-current={current ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="header-controls">
        <div className="workspace-switcher">
          <label htmlFor="workspace-select">Workspace</label>
          <select id="workspace-select" value={base} onChange={(e) => switchTo(e.target.value)}>
            {[...names].sort().map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <DraftSwitcher workspace={workspace} />
        <UserMenu workspace={workspace} />
      </div>
    </header>
  );
}
