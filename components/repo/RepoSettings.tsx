"use client";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { MAX_DESCRIPTION_LENGTH, type DirectoryAction } from "@/chain/repo/directoryEntry";
import { ROLES, type Role } from "@/chain/repo/names";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { errorMessage } from "./errors";
import { BUTTON } from "./MyReposView";
import { FIELD } from "./NewRepoForm";
import { useDirectoryAction } from "./useDirectoryAction";

type Change = Exclude<DirectoryAction, { kind: "create" }>;
type Outcome = { readonly ok: boolean; readonly text: string } | null;

/** One signed change at a time per section, with its outcome said in words. */
function useChange(repo: string) {
  const apply = useDirectoryAction(repo);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  /** `action` may be worked out first (an invitation looks the person up). */
  async function run(done: string, action: Change | (() => Promise<Change>)): Promise<boolean> {
    setBusy(true);
    setOutcome(null);
    try {
      await apply(typeof action === "function" ? await action() : action);
      setOutcome({ ok: true, text: done });
      return true;
    } catch (e) {
      setOutcome({ ok: false, text: errorMessage(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, outcome, run };
}

function OutcomeLine({ outcome, testId }: { outcome: Outcome; testId: string }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <p role="status" className="text-sm text-emerald-700" data-testid={`${testId}-ok`}>
      {outcome.text}
    </p>
  ) : (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid={`${testId}-error`}>
      {outcome.text}
    </p>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Panel title={title} testId={testId}>
      <div className="space-y-3 px-4 py-3">{children}</div>
    </Panel>
  );
}

function RoleSelect({ id, value, onChange, label, disabled, testId }: { id: string; value: Role; onChange: (r: Role) => void; label: string; disabled?: boolean; testId?: string }) {
  return (
    <select id={id} aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)} className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm" data-testid={testId}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

/** Visibility and description. */
function GeneralSettings({ repo, visibility, description }: { repo: string; visibility: "public" | "private"; description: string }) {
  const change = useChange(repo);
  const [text, setText] = useState(description);
  const [vis, setVis] = useState(visibility);
  return (
    <Section title="General" testId="settings-general">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void change.run("Description saved.", { kind: "setDescription", description: text.trim() });
        }}
        className="space-y-2"
      >
        <label htmlFor="settings-description" className="block text-sm text-zinc-600">
          Description
        </label>
        <textarea id="settings-description" value={text} onChange={(e) => setText(e.target.value)} maxLength={MAX_DESCRIPTION_LENGTH} rows={2} className={FIELD} data-testid="settings-description" />
        <button type="submit" disabled={change.busy || text.trim() === description} className={BUTTON} data-testid="settings-description-save">
          Sign & save description
        </button>
      </form>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void change.run(`The repository is now ${vis}.`, { kind: "setVisibility", visibility: vis });
        }}
        className="space-y-2 border-t border-zinc-100 pt-3"
      >
        <fieldset>
          <legend className="text-sm text-zinc-600">Visibility</legend>
          <div className="mt-1 flex gap-4 text-sm">
            {(["public", "private"] as const).map((v) => (
              <label key={v} className="flex items-center gap-1.5">
                <input type="radio" name="settings-visibility" value={v} checked={vis === v} onChange={() => setVis(v)} data-testid={`settings-visibility-${v}`} />
                {v === "public" ? "Public: anyone reads" : "Private: members only"}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={change.busy || vis === visibility} className={BUTTON} data-testid="settings-visibility-save">
          Sign & change visibility
        </button>
      </form>
      <OutcomeLine outcome={change.outcome} testId="settings-general" />
    </Section>
  );
}

type MemberRow = { username: string; address: string; role: Role; addedBy: string; addedAt: number };

/** Members and roles: invite by username, change a role, remove someone. */
function MemberSettings({ repo, members }: { repo: string; members: readonly MemberRow[] }) {
  const client = useTRPCClient();
  const change = useChange(repo);
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("reader");
  // Removing someone asks once more, in the page (no browser dialog).
  const [confirming, setConfirming] = useState<string | null>(null);

  function invite(e: FormEvent) {
    e.preventDefault();
    const who = username.trim().toLowerCase();
    if (!who) return;
    void change
      .run(`${who} is now a ${role}.`, async () => {
        // The invitee's identity address comes from the hub; the entry then names both.
        const person = await client.people.lookup.query({ username: who });
        return { kind: "invite", username: person.username, address: person.address, role };
      })
      .then((ok) => {
        if (ok) setUsername("");
      });
  }

  return (
    <Section title="Members and roles" testId="settings-members">
      <div className="-mx-4 border-y border-zinc-100">
        <Table testId="settings-members-table">
          <thead>
            <tr>
              <Th>Member</Th>
              <Th>Role</Th>
              <Th>Added</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.username} data-testid="member-row" data-username={m.username}>
                <Td>
                  <span className="font-medium" title={m.address}>
                    {m.username}
                  </span>
                </Td>
                <Td>
                  <RoleSelect
                    id={`role-${m.username}`}
                    label={`Role of ${m.username}`}
                    value={m.role}
                    disabled={change.busy}
                    onChange={(r) => void change.run(`${m.username} is now a ${r}.`, { kind: "setRole", username: m.username, role: r })}
                    testId={`member-role-${m.username}`}
                  />
                </Td>
                <Td className="text-zinc-500">
                  by {m.addedBy}, <TimeAgo timestamp={m.addedAt} />
                </Td>
                <Td align="right">
                  {confirming === m.username ? (
                    <span className="inline-flex items-center gap-2 text-sm">
                      <span className="text-zinc-600">Remove {m.username}?</span>
                      <button
                        type="button"
                        disabled={change.busy}
                        onClick={() => {
                          setConfirming(null);
                          void change.run(`${m.username} was removed.`, { kind: "remove", username: m.username });
                        }}
                        className="font-medium text-red-700 hover:underline disabled:opacity-60"
                        data-testid={`member-remove-confirm-${m.username}`}
                      >
                        Sign & remove
                      </button>
                      <button type="button" onClick={() => setConfirming(null)} className="text-zinc-600 hover:underline">
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      disabled={change.busy}
                      onClick={() => setConfirming(m.username)}
                      className="text-sm text-red-700 hover:underline disabled:opacity-60"
                      aria-label={`Remove ${m.username}`}
                      data-testid={`member-remove-${m.username}`}
                    >
                      Remove
                    </button>
                  )}
                </Td>
              </tr>
            ))}
            {members.length === 0 ? <EmptyRow colSpan={4}>No members.</EmptyRow> : null}
          </tbody>
        </Table>
      </div>
      <form onSubmit={invite} className="flex flex-wrap items-end gap-2" data-testid="invite-form">
        <label htmlFor="invite-username" className="block text-sm">
          <span className="text-zinc-600">Invite by username</span>
          <input id="invite-username" type="text" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} placeholder="username" className={`${FIELD} mt-1 w-56`} data-testid="invite-username" />
        </label>
        <label htmlFor="invite-role" className="block text-sm">
          <span className="block text-zinc-600">Role</span>
          <RoleSelect id="invite-role" label="Role of the invited person" value={role} onChange={setRole} testId="invite-role" />
        </label>
        <button type="submit" disabled={change.busy || username.trim() === ""} className={BUTTON} data-testid="invite-submit">
          Sign & invite
        </button>
      </form>
      <p className="text-xs text-zinc-500">An invitation takes effect at once: the person is a member with that role, shown as invited by you.</p>
      <OutcomeLine outcome={change.outcome} testId="settings-members" />
    </Section>
  );
}

/** A private repository's PoA producers, chosen from the hub's node keys. */
function ProducerSettings({ repo, current }: { repo: string; current: readonly string[] }) {
  const trpc = useTRPC();
  const choices = useQuery(trpc.repos.producerChoices.queryOptions());
  const change = useChange(repo);
  const [chosen, setChosen] = useState<readonly string[]>(current);
  const same = chosen.length === current.length && chosen.every((a) => current.includes(a));
  return (
    <Section title="Producers" testId="settings-producers">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (chosen.length === 0) return;
          void change.run("Producers saved: they take over from the next block.", { kind: "setProducers", producers: [...chosen] });
        }}
        className="space-y-2"
      >
        <fieldset>
          <legend className="text-sm text-zinc-600">The hub nodes that produce this repository&apos;s blocks (PoA)</legend>
          <div className="mt-1 space-y-1 text-sm">
            {(choices.data ?? []).map((c) => (
              <label key={c.address} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.address)}
                  onChange={(e) => setChosen((old) => (e.target.checked ? [...old.filter((a) => a !== c.address), c.address] : old.filter((a) => a !== c.address)))}
                  data-testid={`settings-producer-${c.label}`}
                />
                <span className="font-medium">{c.label}</span>
                <span className="mono truncate text-xs text-zinc-500">{c.address}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {chosen.length === 0 ? <p className="text-xs text-red-700">Choose at least one producer.</p> : null}
        <button type="submit" disabled={change.busy || same || chosen.length === 0} className={BUTTON} data-testid="settings-producers-save">
          Sign & save producers
        </button>
      </form>
      <OutcomeLine outcome={change.outcome} testId="settings-producers" />
    </Section>
  );
}

/** A repository's settings, for its admins. Every change is an entry signed by the admin's wallet key. */
export function RepoSettings({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.repos.get.queryOptions({ repo }));
  if (!data) return null;
  if (!data.access.admin) return <p className="text-sm text-zinc-600">Only the repository&apos;s admins and owners can change its settings.</p>;
  const d = data.directory;
  return (
    <div className="max-w-4xl space-y-5" data-testid="repo-settings">
      <GeneralSettings repo={repo} visibility={data.visibility} description={data.description} />
      <MemberSettings repo={repo} members={d.members} />
      {data.visibility === "private" ? <ProducerSettings repo={repo} current={d.producers} /> : null}
    </div>
  );
}
