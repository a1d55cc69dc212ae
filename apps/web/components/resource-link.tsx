'use client';

import Link from 'next/link';
import { armName, resourceHref } from '@/src/lib/hrefs';
import { useWorkspace } from './use-workspace';

/** A link to a resource's page by ARM id (plain text when there is no page for it). */
export function ResourceLink({
  id,
  name,
  className,
}: {
  id: string;
  name?: string | null;
  className?: string;
}) {
  const workspace = useWorkspace();
  const href = resourceHref(id, workspace);
  const label = name || armName(id);
  if (!href) return <span className={className}>{label}</span>;
  return (
    <Link href={href} className={className} title={id}>
      {label}
    </Link>
  );
}

export function Badge({
  kind,
  children,
  title,
}: {
  kind: string;
  children: React.ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${kind}`} title={title}>
      {children}
    </span>
  );
}

export function AccessPill({ access }: { access: string }) {
  const allow = access.toUpperCase().startsWith('ALLOW') || access.toUpperCase() === 'ALWAYS_ALLOW';
  const label = access.toUpperCase() === 'ALWAYS_ALLOW' ? 'Always allow' : allow ? 'Allow' : 'Deny';
  return <span className={`pill ${allow ? 'pill-allow' : 'pill-deny'}`}>{label}</span>;
}
