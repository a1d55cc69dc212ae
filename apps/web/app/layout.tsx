import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import '@xyflow/react/dist/style.css';
import './globals.css';
import './team.css';
import { GraphqlProvider } from '@/graphql/provider';
import { SiteHeader } from '@/components/site-header';
import { ApiStatusBanner } from '@/components/api-status-banner';
import { DraftBanner } from '@/components/draft-banner';

export const metadata: Metadata = {
  title: { default: 'flowverify', template: '%s · flowverify' },
  description:
    'Will this packet reach this VM, and which rule decides? IP flow verify over your Azure network model.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <GraphqlProvider>
          <Suspense fallback={<header className="site-header" />}>
            <SiteHeader />
          </Suspense>
          <ApiStatusBanner />
          <Suspense fallback={null}>
            <DraftBanner />
          </Suspense>
          <main id="main" className="main" tabIndex={-1}>
            <Suspense fallback={<p className="muted loading">Loading…</p>}>{children}</Suspense>
          </main>
        </GraphqlProvider>
      </body>
    </html>
  );
}
