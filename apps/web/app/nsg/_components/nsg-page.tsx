'use client';

import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ConflictDialog, versionConflict } from '@/components/conflict-dialog';
import { AccessPill, Badge, ResourceLink } from '@/components/resource-link';
import { Empty, ErrorNotice, Loading, NotFound } from '@/components/status';
import { TableScroll } from '@/components/table-scroll';
import { useWorkspace } from '@/components/use-workspace';
import { LastVerifyPanel } from '@/components/verify/last-verify-panel';
import { decidingCustomRule, type LastVerify } from '@/src/lib/last-verify';
import { explainError } from '@/graphql/errors';
import {
  CreateSecurityRuleMutation,
  DeleteSecurityRuleMutation,
  NsgPageQuery,
  NsgShadowedRulesQuery,
  ReorderSecurityRulesMutation,
  UpdateSecurityRuleMutation,
} from '@/graphql/operations/security';
import type { SecurityRuleFieldsFragment } from '@/src/gql/graphql';
import {
  describeSide,
  emptyRuleForm,
  formToCreateInput,
  formToPatch,
  mapRuleErrors,
  ruleToForm,
  swapPriorities,
  type RuleFormField,
  type RuleFormValues,
} from '@/src/lib/rule-form';
import { RuleEditor, type AsgOption } from './rule-editor';
import { ShadowedBadge, ShadowedRulesSection, ruleAnchor, shadowedById } from './shadowed-rules';

type Rule = SecurityRuleFieldsFragment;
type Editing = { mode: 'new'; direction: 'INBOUND' | 'OUTBOUND' } | { mode: 'edit'; id: string } | null;

const ports = (r: Rule, side: 'source' | 'destination') =>
  side === 'source'
    ? (r.sourcePortRange ?? (r.sourcePortRanges.join(', ') || '—'))
    : (r.destinationPortRange ?? (r.destinationPortRanges.join(', ') || '—'));

const protocolText = (p: string) => (p === 'ANY' ? 'Any' : p);

export function NsgPage() {
  const params = useSearchParams();
  const id = params.get('id') ?? '';
  const workspace = useWorkspace();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: NsgPageQuery,
    variables: { workspace, id },
    pause: !id,
    requestPolicy: 'cache-and-network',
  });
  // Its own query: the analysis may take seconds on a big NSG, and the rules should show without waiting for it.
  const [shadowed, refetchShadowed] = useQuery({
    query: NsgShadowedRulesQuery,
    variables: { workspace, id },
    pause: !id,
    requestPolicy: 'cache-and-network',
  });
  const [, createRule] = useMutation(CreateSecurityRuleMutation);
  const [, updateRule] = useMutation(UpdateSecurityRuleMutation);
  const [, deleteRule] = useMutation(DeleteSecurityRuleMutation);
  const [, reorderRules] = useMutation(ReorderSecurityRulesMutation);

  const [editing, setEditing] = useState<Editing>(null);
  const [editErrors, setEditErrors] = useState<{
    byField: Partial<Record<RuleFormField, string>>;
    other: string[];
  }>({
    byField: {},
    other: [],
  });
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [actionError, setActionError] = useState<CombinedError | null>(null);
  const [editCount, setEditCount] = useState(0);
  const [status, setStatus] = useState('');
  const [lastVerify, setLastVerify] = useState<LastVerify | null>(null);
  // Someone else saved the rule since this page read it (CONFLICT / VersionMismatch): reload or overwrite.
  const [conflict, setConflict] = useState<{ rule: Rule; values: RuleFormValues; current: unknown } | null>(
    null,
  );

  if (!id) return <NotFound what="Network security group" id="" />;
  if (fetching && !data) return <Loading label="Loading the network security group…" />;
  if (error && !data) return <ErrorNotice error={error} title="Could not load the network security group." />;
  const nsg = data?.resourceByArmId;
  if (!nsg || nsg.__typename !== 'NetworkSecurityGroup')
    return <NotFound what="Network security group" id={id} />;

  const rules = nsg.securityRules.edges.map((e) => e.node);
  const shadowedNsg = shadowed.data?.resourceByArmId;
  const shadowedRules =
    shadowedNsg?.__typename === 'NetworkSecurityGroup' ? shadowedNsg.shadowedRules : undefined;
  const shadowedByRule = shadowedById(shadowedRules);
  const decidingRule = decidingCustomRule(lastVerify?.verdict, nsg.id);
  const asgs: AsgOption[] = (data?.workspace?.applicationSecurityGroups.edges ?? []).map((e) => e.node);

  const afterWrite = (message: string) => {
    setEditing(null);
    setEditErrors({ byField: {}, other: [] });
    setActionError(null);
    setStatus(message);
    setEditCount((n) => n + 1);
    refetch({ requestPolicy: 'network-only' });
    refetchShadowed({ requestPolicy: 'network-only' });
  };

  const failed = (err: CombinedError | undefined) => {
    const explained = explainError(err);
    const mapped = mapRuleErrors(explained?.fieldErrors ?? {});
    const noField = Object.keys(mapped.byField).length === 0;
    setEditErrors({
      byField: mapped.byField,
      other: [...mapped.other, ...(noField ? (explained?.messages ?? []) : [])],
    });
  };

  const save = async (rule: Rule | null, values: RuleFormValues, version?: number) => {
    setBusy(true);
    if (!rule) {
      const r = await createRule({
        input: { workspace, networkSecurityGroupId: nsg.id, rule: formToCreateInput(values) },
      });
      setBusy(false);
      if (r.error) return failed(r.error);
      afterWrite(`Rule ${values.name} created.`);
    } else {
      const patch = formToPatch(ruleToForm(rule), values);
      if (Object.keys(patch).length === 0) {
        setBusy(false);
        setEditing(null);
        return;
      }
      const r = await updateRule({
        input: { workspace, id: rule.id, expectedVersion: version ?? rule.version, patch },
      });
      setBusy(false);
      if (r.error) {
        const c = versionConflict(r.error);
        if (c) return setConflict({ rule, values, current: c.current });
        return failed(r.error);
      }
      afterWrite(`Rule ${rule.name} saved.`);
    }
  };

  const remove = async (rule: Rule) => {
    setBusy(true);
    const r = await deleteRule({ input: { workspace, id: rule.id, expectedVersion: rule.version } });
    setBusy(false);
    setConfirmDelete(null);
    if (r.error) return setActionError(r.error);
    afterWrite(`Rule ${rule.name} deleted.`);
  };

  const move = async (rule: Rule, step: -1 | 1) => {
    const sameDirection = rules.filter((r) => r.direction === rule.direction);
    const priorities = swapPriorities(sameDirection, rule.id, step);
    if (!priorities) return;
    setBusy(true);
    const r = await reorderRules({ input: { workspace, networkSecurityGroupId: nsg.id, priorities } });
    setBusy(false);
    if (r.error) return setActionError(r.error);
    afterWrite(`Rule ${rule.name} moved ${step < 0 ? 'up' : 'down'}.`);
  };

  const nextPriority = (direction: 'INBOUND' | 'OUTBOUND') => {
    const used = rules.filter((r) => r.direction === direction).map((r) => r.priority);
    const max = used.length ? Math.max(...used) : 90;
    return String(Math.min(4096, max + 10));
  };

  const editorFor = (rule: Rule | null, direction: 'INBOUND' | 'OUTBOUND') => (
    <RuleEditor
      key={rule?.id ?? `new-${direction}`}
      initial={rule ? ruleToForm(rule) : emptyRuleForm(direction, nextPriority(direction))}
      isNew={!rule}
      asgs={asgs}
      errors={editErrors.byField}
      otherErrors={editErrors.other}
      busy={busy}
      onSave={(values) => void save(rule, values)}
      onCancel={() => {
        setEditing(null);
        setEditErrors({ byField: {}, other: [] });
      }}
    />
  );

  const ruleTable = (direction: 'INBOUND' | 'OUTBOUND') => {
    const list = rules.filter((r) => r.direction === direction).sort((a, b) => a.priority - b.priority);
    const title = direction === 'INBOUND' ? 'Inbound security rules' : 'Outbound security rules';
    return (
      <section className="card" aria-labelledby={`rules-${direction}`}>
        <div className="section-head">
          <h2 id={`rules-${direction}`}>{title}</h2>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setEditErrors({ byField: {}, other: [] });
              setEditing({ mode: 'new', direction });
            }}
            disabled={busy}
          >
            Add {direction === 'INBOUND' ? 'inbound' : 'outbound'} rule
          </button>
        </div>
        {editing?.mode === 'new' && editing.direction === direction ? (
          <div className="editor-box">{editorFor(null, direction)}</div>
        ) : null}
        {list.length === 0 ? (
          <Empty>No custom {direction.toLowerCase()} rules: only the default rules below apply.</Empty>
        ) : (
          <TableScroll label={title}>
            <table className="rules-table">
              <thead>
                <tr>
                  <th scope="col">Priority</th>
                  <th scope="col">Name</th>
                  <th scope="col">Port</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">Source</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Action</th>
                  <th scope="col">
                    <span className="visually-hidden">Rule actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((r, i) =>
                  editing?.mode === 'edit' && editing.id === r.id ? (
                    <tr key={r.id}>
                      <td colSpan={8} className="editor-cell">
                        {editorFor(r, direction)}
                      </td>
                    </tr>
                  ) : (
                    <tr
                      key={r.id}
                      id={ruleAnchor(r.name)}
                      data-rule={r.name}
                      className={r.name === decidingRule ? 'row-lit' : undefined}
                    >
                      <td className="num">{r.priority}</td>
                      <td>
                        <strong>{r.name}</strong>
                        {shadowedByRule.has(r.id.toLowerCase()) ? (
                          <ShadowedBadge rule={shadowedByRule.get(r.id.toLowerCase())!} ownNsgId={nsg.id} />
                        ) : null}
                        {r.name === decidingRule ? (
                          <div>
                            <span className="badge badge-nsg">decides your last verify</span>
                          </div>
                        ) : null}
                        {r.description ? <div className="muted small">{r.description}</div> : null}
                      </td>
                      <td className="mono">{ports(r, 'destination')}</td>
                      <td>{protocolText(r.protocol)}</td>
                      <td className="mono small">
                        {describeSide(
                          r.sourceAddressPrefix,
                          r.sourceAddressPrefixes,
                          r.sourceApplicationSecurityGroups,
                        )}
                        {ports(r, 'source') !== '*' ? (
                          <div className="muted">port {ports(r, 'source')}</div>
                        ) : null}
                      </td>
                      <td className="mono small">
                        {describeSide(
                          r.destinationAddressPrefix,
                          r.destinationAddressPrefixes,
                          r.destinationApplicationSecurityGroups,
                        )}
                      </td>
                      <td>
                        <AccessPill access={r.access} />
                      </td>
                      <td>
                        {confirmDelete === r.id ? (
                          <span className="actions" role="group" aria-label={`Confirm deleting ${r.name}`}>
                            <button
                              type="button"
                              className="danger icon"
                              onClick={() => void remove(r)}
                              disabled={busy}
                            >
                              Delete {r.name}
                            </button>
                            <button
                              type="button"
                              className="secondary icon"
                              onClick={() => setConfirmDelete(null)}
                            >
                              Keep
                            </button>
                          </span>
                        ) : (
                          <span className="actions row-actions">
                            <button
                              type="button"
                              className="secondary icon"
                              onClick={() => void move(r, -1)}
                              disabled={busy || i === 0}
                              aria-label={`Move ${r.name} up (evaluate earlier)`}
                              title="Move up"
                            >
                              ↑
                            </button>
                            <button
                              type="button"
                              className="secondary icon"
                              onClick={() => void move(r, 1)}
                              disabled={busy || i === list.length - 1}
                              aria-label={`Move ${r.name} down (evaluate later)`}
                              title="Move down"
                            >
                              ↓
                            </button>
                            <button
                              type="button"
                              className="secondary icon"
                              onClick={() => {
                                setEditErrors({ byField: {}, other: [] });
                                setEditing({ mode: 'edit', id: r.id });
                              }}
                              disabled={busy}
                              aria-label={`Edit ${r.name}`}
                            >
                              Edit
                            </button>
                            <button
                              type="button"
                              className="danger icon"
                              onClick={() => setConfirmDelete(r.id)}
                              disabled={busy}
                              aria-label={`Delete ${r.name}`}
                            >
                              Delete
                            </button>
                          </span>
                        )}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    );
  };

  const subnets = nsg.subnets.edges.map((e) => e.node);
  const nics = nsg.networkInterfaces.edges.map((e) => e.node);

  return (
    <>
      <div className="page-head">
        <p className="eyebrow">Network security group</p>
        <h1>{nsg.name}</h1>
        <p className="muted small">
          {nsg.location ?? 'no location'} · resource group {nsg.resourceGroup ?? '—'}
        </p>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {status ? <p className="notice notice-ok small">{status}</p> : null}
      {actionError ? <ErrorNotice error={actionError} title="The change was not applied." /> : null}
      {conflict ? (
        <ConflictDialog
          what={`Rule ${conflict.rule.name}`}
          current={conflict.current}
          read={conflict.rule}
          onCancel={() => setConflict(null)}
          onReload={() => {
            setConflict(null);
            setEditing(null);
            setEditErrors({ byField: {}, other: [] });
            refetch({ requestPolicy: 'network-only' });
            refetchShadowed({ requestPolicy: 'network-only' });
          }}
          onOverwrite={() => {
            const cur = conflict.current as { version?: unknown } | null;
            const { rule, values } = conflict;
            setConflict(null);
            if (typeof cur?.version === 'number') void save(rule, values, cur.version);
            else refetch({ requestPolicy: 'network-only' });
          }}
        />
      ) : null}
      <LastVerifyPanel editCount={editCount} workspace={workspace} onLastVerify={setLastVerify} />
      <section className="card" aria-labelledby="assoc-title">
        <h2 id="assoc-title">Associations</h2>
        <div className="grid-2">
          <div>
            <h3>Subnets</h3>
            {subnets.length ? (
              <ul>
                {subnets.map((s) => (
                  <li key={s.id}>
                    <ResourceLink id={s.id} name={s.name} /> <span className="muted">in</span>{' '}
                    <ResourceLink id={s.virtualNetwork.id} name={s.virtualNetwork.name} />{' '}
                    <span className="mono small muted">{s.addressPrefixes.join(', ')}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Not associated with any subnet.</p>
            )}
          </div>
          <div>
            <h3>Network interfaces</h3>
            {nics.length ? (
              <ul>
                {nics.map((n) => (
                  <li key={n.id}>
                    <ResourceLink id={n.id} name={n.name} />
                    {n.virtualMachine ? (
                      <>
                        {' '}
                        <span className="muted">of</span>{' '}
                        <ResourceLink id={n.virtualMachine.id} name={n.virtualMachine.name} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Not associated with any network interface.</p>
            )}
          </div>
        </div>
      </section>
      {ruleTable('INBOUND')}
      {ruleTable('OUTBOUND')}
      <ShadowedRulesSection
        rules={shadowedRules}
        fetching={shadowed.fetching}
        error={shadowed.error}
        ownNsgId={nsg.id}
        what="custom rule"
      />
      <section className="card" aria-labelledby="default-rules">
        <h2 id="default-rules">
          Default rules <Badge kind="default">read-only</Badge>
        </h2>
        <p className="muted small">
          Azure adds these to every NSG. They are evaluated after the custom rules and cannot be changed, only
          overridden by a custom rule with a lower priority number.
        </p>
        <TableScroll label="Default rules">
          <table className="rules-table">
            <thead>
              <tr>
                <th scope="col">Direction</th>
                <th scope="col">Priority</th>
                <th scope="col">Name</th>
                <th scope="col">Port</th>
                <th scope="col">Protocol</th>
                <th scope="col">Source</th>
                <th scope="col">Destination</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {[...nsg.defaultSecurityRules]
                .sort((a, b) => a.direction.localeCompare(b.direction) || a.priority - b.priority)
                .map((r) => (
                  <tr key={r.id}>
                    <td>{r.direction === 'INBOUND' ? 'Inbound' : 'Outbound'}</td>
                    <td className="num">{r.priority}</td>
                    <td>{r.name}</td>
                    <td className="mono">{ports(r, 'destination')}</td>
                    <td>{protocolText(r.protocol)}</td>
                    <td className="mono small">
                      {describeSide(r.sourceAddressPrefix, r.sourceAddressPrefixes, [])}
                    </td>
                    <td className="mono small">
                      {describeSide(r.destinationAddressPrefix, r.destinationAddressPrefixes, [])}
                    </td>
                    <td>
                      <AccessPill access={r.access} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </>
  );
}
