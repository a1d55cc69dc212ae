'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A table's scroll box (`.table-wrap`). Tables are laid out to fit from 1280 px down; when one still does not fit
 * (a narrow window, long prefix lists), the box scrolls sideways with a visible cue: a hint above it, edge shadows
 * on the side that has more, and the box becomes a labelled, focusable region so the arrow keys scroll it.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const [overflow, setOverflow] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setOverflow(el.scrollWidth > el.clientWidth + 1);
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);

  return (
    <>
      {overflow ? (
        <p id={hintId} className="scroll-hint">
          <span aria-hidden="true">↔</span> Wider than this box: scroll the table sideways for more columns.
        </p>
      ) : null}
      <div
        ref={ref}
        className={overflow ? 'table-wrap is-overflowing' : 'table-wrap'}
        data-overflowing={overflow ? 'true' : undefined}
        tabIndex={overflow ? 0 : undefined}
        role={overflow ? 'region' : undefined}
        aria-label={overflow ? label : undefined}
        aria-describedby={overflow ? hintId : undefined}
      >
        {children}
      </div>
    </>
  );
}
