'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { splitWorkspace } from '@/src/lib/drafts';
import { withWorkspace } from '@/src/lib/hrefs';
import { useWorkspace } from './use-workspace';

/** While the workspace is a draft, every page says so and offers the way back (apply, discard, diff). */
export function DraftBanner() {
  const workspace = useWorkspace();
  const pathname = usePathname();
  const { base, draft } = splitWorkspace(workspace);
  if (!draft || pathname === '/signin') return null;
  const draftPage = withWorkspace(`/drafts/${encodeURIComponent(draft)}`, base);
  return (
    <div className="draft-banner" role="region" aria-label="Draft">
      <p>
        You are editing draft <strong>{draft}</strong> of workspace <strong>{base}</strong> — changes don’t
        affect the live model.
      </p>
      <div className="draft-banner-actions">
        <Link className="button" href={draftPage}>
          View diff
        </Link>
        <Link
          className="button secondary"
          href={`${draftPage}${draftPage.includes('?') ? '&' : '?'}do=apply`}
        >
          Apply
        </Link>
        <Link
          className="button secondary"
          href={`${draftPage}${draftPage.includes('?') ? '&' : '?'}do=discard`}
        >
          Discard
        </Link>
        <Link className="button secondary" href={withWorkspace('/', base)}>
          Back to live
        </Link>
      </div>
    </div>
  );
}
