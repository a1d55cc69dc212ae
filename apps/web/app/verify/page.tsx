import type { Metadata } from 'next';
import { VerifyPage } from './_components/verify-page';

export const metadata: Metadata = { title: 'IP flow verify' };

export default function Page() {
  return (
    <>
      <div className="page-head">
        <h1>IP flow verify</h1>
        <p className="muted">
          Will this packet reach this VM, and which rule decides? The link always holds the question.
        </p>
      </div>
      <VerifyPage />
    </>
  );
}
