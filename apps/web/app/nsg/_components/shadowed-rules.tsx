'use client';

/**
 * Shadowed rules (NetworkSecurityGroup.shadowedRules, NetworkManager.shadowedAdminRules): the "Shadowed" badge of a
 * rule's row and the "Shadowed rules" section listing each one with the rules that decide in its place. Used by the
 * NSG page and the network-manager page.
 */
import Link from 'next/link';
import type { CombinedError } from 'urql';
import { AccessPill } from '@/components/resource-link';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import type { ShadowedRuleFieldsFragment } from '@/src/gql/graphql';
import { armName, resourceHref } from '@/src/lib/hrefs';
import './shadowed-rules.css';

export type ShadowedRule = ShadowedRuleFieldsFragment;
type Shadowing = ShadowedRule['shadowedBy'][number];

/** The row anchor of a rule on its page (NSG rules and admin rules alike). */
export const ruleAnchor = (name: string) => `rule-${name}`;

/** "allow-http", "default rule DenyAllInBound", or "admin rule deny-ssh", plus its NSG when it is another one. */
function shadowingLabel(s: Shadowing, ownNsgId: string | null): string {
  if (s.layer === 'ADMIN_RULE') return `admin rule ${s.ruleName}`;
  const [kind, name] = s.ruleName.includes('/') ? s.ruleName.split('/', 2) : ['', s.ruleName];
  const rule = kind === 'defaultSecurityRules' ? `default rule ${name}` : (name ?? s.ruleName);
  const own = ownNsgId !== null && s.networkSecurityGroupId?.toLowerCase() === ownNsgId.toLowerCase();
  return own || !s.networkSecurityGroupId ? rule : `${rule} of ${armName(s.networkSecurityGroupId)}`;
}

/** One sentence naming the shadowing rules (the badge's title and accessible text). */
export function shadowedSummary(rule: ShadowedRule, ownNsgId: string | null): string {
  if (rule.shadowedBy.length === 0) return 'Shadowed: it matches no flow at all, so it never decides.';
  const names = rule.shadowedBy.map(
    (s) => `${shadowingLabel(s, ownNsgId)} (priority ${s.priority}, ${accessText(s.access)})`,
  );
  return `Shadowed by ${names.join(', ')}: it never decides a flow.`;
}

const accessText = (a: string) => (a === 'ALWAYS_ALLOW' ? 'Always allow' : a === 'DENY' ? 'Deny' : 'Allow');

const REASONS: Record<ShadowedRule['reason'], string> = {
  GENERIC: 'A higher-priority rule covers it everywhere',
  CONTEXTS: 'Covered wherever it applies',
  HIGHER_LAYERS: 'Decided before its layer (admin rules or the NSG evaluated first)',
};

/** The rules of `list` by rule id (lower case), for the tables' badges. */
export function shadowedById(list: readonly ShadowedRule[] | undefined): Map<string, ShadowedRule> {
  return new Map((list ?? []).map((r) => [r.ruleId.toLowerCase(), r]));
}

/** The "Shadowed" badge of a rule's row: visible word, the shadowing rules in its title and accessible text. */
export function ShadowedBadge({ rule, ownNsgId }: { rule: ShadowedRule; ownNsgId: string | null }) {
  const summary = shadowedSummary(rule, ownNsgId);
  return (
    <span className="badge badge-shadowed" title={summary} data-testid="shadowed-badge">
      Shadowed<span className="visually-hidden"> — {summary}</span>
    </span>
  );
}

/** Where a shadowing rule is shown: its row on this page, or its NSG's / network manager's page. */
function ShadowingLink({ s, ownNsgId }: { s: Shadowing; ownNsgId: string | null }) {
  const workspace = useWorkspace();
  const label = shadowingLabel(s, ownNsgId);
  const bare = s.ruleName.split('/').pop() ?? s.ruleName;
  const own = ownNsgId !== null && s.networkSecurityGroupId?.toLowerCase() === ownNsgId.toLowerCase();
  if (own && !s.ruleName.startsWith('defaultSecurityRules/'))
    return <a href={`#${ruleAnchor(bare)}`}>{label}</a>;
  const page = resourceHref(s.networkSecurityGroupId ?? s.ruleId, workspace);
  if (!page) return <span>{label}</span>;
  const anchor = s.ruleName.startsWith('defaultSecurityRules/') ? '' : `#${ruleAnchor(bare)}`;
  return (
    <Link href={`${page}${anchor}`} title={s.ruleId}>
      {label}
    </Link>
  );
}

/**
 * The "Shadowed rules" card: loading, error and empty states like the rest of the page, then one row per shadowed
 * rule with its reason and the rules deciding in its place.
 */
export function ShadowedRulesSection({
  rules,
  fetching,
  error,
  ownNsgId,
  what,
}: {
  rules: readonly ShadowedRule[] | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  /** The NSG of the page (null on the network-manager page). */
  ownNsgId: string | null;
  /** "custom rule" / "admin rule", for the texts. */
  what: string;
}) {
  let body;
  if (fetching && !rules) body = <Loading label="Finding shadowed rules…" />;
  else if (error && !rules) body = <ErrorNotice error={error} title="Could not find the shadowed rules." />;
  else if (!rules?.length)
    body = <Empty>No shadowed rules: every {what} decides some flow (or is judged nowhere).</Empty>;
  else
    body = (
      <div className="table-wrap">
        <table className="shadowed-table">
          <thead>
            <tr>
              <th scope="col">Direction</th>
              <th scope="col">Priority</th>
              <th scope="col">Rule</th>
              <th scope="col">Why</th>
              <th scope="col">Shadowed by</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.ruleId} data-shadowed={r.name}>
                <td>{r.direction === 'INBOUND' ? 'Inbound' : 'Outbound'}</td>
                <td className="num">{r.priority}</td>
                <td>
                  <a href={`#${ruleAnchor(r.name)}`}>
                    <strong>{r.name}</strong>
                  </a>
                </td>
                <td className="small">{REASONS[r.reason]}</td>
                <td>
                  {r.shadowedBy.length === 0 ? (
                    <span className="muted small">nothing: it matches no flow</span>
                  ) : (
                    <ul className="plain shadowing-list">
                      {r.shadowedBy.map((s) => (
                        <li key={`${s.layer}|${s.ruleId}`}>
                          <ShadowingLink s={s} ownNsgId={ownNsgId} />{' '}
                          <span className="muted small">priority {s.priority}</span>{' '}
                          <AccessPill access={s.access} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  return (
    <section className="card" aria-labelledby="shadowed-title" data-testid="shadowed-rules">
      <h2 id="shadowed-title">Shadowed rules</h2>
      <p className="muted small">
        {what === 'admin rule'
          ? 'Admin rules that never decide a flow: wherever they apply, higher-ordered admin rules always match first.'
          : 'Custom rules that never decide a flow: whatever they match is decided first by higher-priority rules, admin rules, or the NSG evaluated before this one.'}{' '}
        Removing one changes no verdict.
      </p>
      {error && rules ? <ErrorNotice error={error} title="Could not refresh the shadowed rules." /> : null}
      {body}
    </section>
  );
}
