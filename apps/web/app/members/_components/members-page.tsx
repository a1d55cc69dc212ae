'use client';

import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { Empty, ErrorNotice, Loading } from '@/components/status';
import { useWorkspace } from '@/components/use-workspace';
import { explainError } from '@/graphql/errors';
import {
  AddWorkspaceMemberMutation,
  MeQuery,
  RemoveWorkspaceMemberMutation,
  UsersQuery,
  WorkspaceMembersQuery,
} from '@/graphql/operations/team';
import { splitWorkspace } from '@/src/lib/drafts';
import { formatTime } from '@/src/lib/format';
import type { WorkspaceRole } from '@/src/gql/graphql';

const ROLES: WorkspaceRole[] = ['READER', 'EDITOR', 'ADMIN'];
const ROLE_TEXT: Record<WorkspaceRole, string> = { READER: 'Reader', EDITOR: 'Editor', ADMIN: 'Admin' };

/** Who may read, edit or administer the workspace. Admins change it; everyone else reads it. */
export function MembersPage() {
  const uid = useId();
  const { base: workspace } = splitWorkspace(useWorkspace());
  const [{ data: me }] = useQuery({ query: MeQuery });
  const [{ data, fetching, error }, refetch] = useQuery({
    query: WorkspaceMembersQuery,
    variables: { workspace },
  });
  const isAdmin =
    !!me?.me.isServerAdmin ||
    !!me?.me.memberships.some((m) => m.workspace === workspace && m.role === 'ADMIN');
  const [{ data: users }] = useQuery({ query: UsersQuery, pause: !isAdmin });
  const [addState, addMember] = useMutation(AddWorkspaceMemberMutation);
  const [, removeMember] = useMutation(RemoveWorkspaceMemberMutation);
  const [userName, setUserName] = useState('');
  const [role, setRole] = useState<WorkspaceRole>('READER');
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [actionError, setActionError] = useState<CombinedError | null>(null);
  // The add form's error: a message about the user name (e.g. no such user) goes on that field.
  const [addError, setAddError] = useState<CombinedError | null>(null);
  const addExplained = explainError(addError);
  const userNameError = addExplained?.fieldErrors.userName ?? null;
  const [status, setStatus] = useState('');

  const done = (message: string) => {
    setActionError(null);
    setStatus(message);
    refetch({ requestPolicy: 'network-only' });
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const r = await addMember({ input: { workspace, userName: userName.trim(), role } });
    setAddError(r.error ?? null);
    if (r.error) {
      if (explainError(r.error)?.fieldErrors.userName) document.getElementById(`${uid}-user`)?.focus();
      return;
    }
    setUserName('');
    done(`${r.data?.addWorkspaceMember.member.user.name} is now ${ROLE_TEXT[role].toLowerCase()}.`);
  };

  const changeRole = async (name: string, next: WorkspaceRole) => {
    const r = await addMember({ input: { workspace, userName: name, role: next } });
    if (r.error) return setActionError(r.error);
    done(`${name} is now ${ROLE_TEXT[next].toLowerCase()}.`);
  };

  const remove = async (name: string) => {
    const r = await removeMember({ input: { workspace, userName: name } });
    setConfirmRemove(null);
    if (r.error) return setActionError(r.error);
    done(`${name} removed from ${workspace}.`);
  };

  const members = data?.workspaceMembers ?? [];
  const memberNames = new Set(members.map((m) => m.user.name));
  const candidates = (users?.users ?? []).filter((u) => !memberNames.has(u.name));

  return (
    <div>
      <div className="page-head">
        <h1>Members of {workspace}</h1>
        <p className="muted">
          Readers query and verify; editors change the model, import and use drafts; admins also manage
          members.
          {isAdmin ? '' : ' Only workspace admins can change members.'}
        </p>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {isAdmin ? (
        <section className="card" aria-labelledby={`${uid}-add`}>
          <h2 id={`${uid}-add`}>Add a member</h2>
          <form className="toolbar toolbar-fields" aria-label="Add a member" onSubmit={(e) => void add(e)}>
            <div className="field">
              <label htmlFor={`${uid}-user`}>User name</label>
              <input
                id={`${uid}-user`}
                list={`${uid}-users`}
                value={userName}
                required
                aria-invalid={!!userNameError}
                aria-describedby={userNameError ? `${uid}-user-error` : undefined}
                onChange={(e) => {
                  setUserName(e.target.value);
                  if (userNameError) setAddError(null);
                }}
              />
              {userNameError ? (
                <p id={`${uid}-user-error`} className="field-error">
                  {userNameError}
                </p>
              ) : null}
              <datalist id={`${uid}-users`}>
                {candidates.map((u) => (
                  <option key={u.id} value={u.name}>
                    {u.displayName ?? u.name}
                  </option>
                ))}
              </datalist>
            </div>
            <div className="field">
              <label htmlFor={`${uid}-role`}>Role</label>
              <select
                id={`${uid}-role`}
                value={role}
                onChange={(e) => setRole(e.target.value as WorkspaceRole)}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_TEXT[r]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" disabled={addState.fetching || !userName.trim()}>
              Add member
            </button>
          </form>
          {userNameError ? null : <ErrorNotice error={addError} title="Could not add the member." />}
        </section>
      ) : null}

      <section className="card" aria-labelledby={`${uid}-list`}>
        <h2 id={`${uid}-list`}>Members</h2>
        <ErrorNotice error={actionError} title="Could not change the member." />
        {fetching && !data ? <Loading label="Loading members…" /> : null}
        {error && !data ? <ErrorNotice error={error} title="Could not load the members." /> : null}
        {data && members.length === 0 ? (
          <Empty>No members yet: only server admins can open this workspace.</Empty>
        ) : null}
        {members.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Role</th>
                  <th scope="col">Member since</th>
                  {isAdmin ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.user.id} data-member={m.user.name}>
                    <td>
                      {m.user.displayName ? `${m.user.displayName} (${m.user.name})` : m.user.name}
                      {m.user.isServerAdmin ? <span className="badge badge-admin"> server admin</span> : null}
                    </td>
                    <td>
                      {isAdmin ? (
                        <select
                          aria-label={`Role of ${m.user.name}`}
                          value={m.role}
                          onChange={(e) => void changeRole(m.user.name, e.target.value as WorkspaceRole)}
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_TEXT[r]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        ROLE_TEXT[m.role]
                      )}
                    </td>
                    <td>{formatTime(m.createdAt)}</td>
                    {isAdmin ? (
                      <td>
                        {confirmRemove === m.user.name ? (
                          <span className="row-actions">
                            <button type="button" className="danger" onClick={() => void remove(m.user.name)}>
                              Confirm remove {m.user.name}
                            </button>
                            <button
                              type="button"
                              className="secondary"
                              onClick={() => setConfirmRemove(null)}
                            >
                              Cancel
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => setConfirmRemove(m.user.name)}
                          >
                            Remove {m.user.name}
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
