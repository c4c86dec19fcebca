"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import type { ConflictReason } from "@/lib/reviews/conflicts";
import { sendJson, type ApiError } from "../../../_components/form-kit";
import { score2 } from "../format";

export interface BoardAssignment {
  assignmentId: string;
  reviewerId: string;
  name: string;
  email: string;
  source: "MANUAL" | "AUTO";
  declared: boolean;
  submitted: boolean;
  total: number | null;
  conflictWarning: string | null;
}

export interface BoardProposal {
  id: string;
  receiptNo: string | null;
  title: string | null;
  consortium: string;
  reviewers: BoardAssignment[];
}

export interface BoardReviewer {
  id: string;
  name: string;
  email: string;
  affiliation: string | null;
  load: number;
}

/** Every submitted proposal with its reviewers and a form to assign one more. */
export function AssignmentBoard({ proposals, reviewers }: { proposals: BoardProposal[]; reviewers: BoardReviewer[] }) {
  return (
    <div className="assign-board">
      {proposals.map((p) => (
        <ProposalAssignments key={p.id} proposal={p} reviewers={reviewers} />
      ))}
    </div>
  );
}

/** The API's field messages (already localised) say more than the bare code, e.g. "already assigned". */
function ErrorAlert({ error }: { error: ApiError | null }) {
  const t = useTranslations("errors");
  if (!error) return null;
  const detail = Object.values(error.fields ?? {}).join(" ");
  return (
    <p className="alert alert-error" role="alert" data-testid="form-error" data-code={error.code}>
      {detail || (t.has(error.code as never) ? t(error.code as never) : error.message)}
    </p>
  );
}

function Check({ on, label }: { on: boolean; label: string }) {
  const t = useTranslations("adminReview");
  return on ? (
    <span className="status-ok" title={`${label}: ${t("yes")}`}>
      ✓<span className="sr-only"> {t("yes")}</span>
    </span>
  ) : (
    <span className="muted" title={`${label}: ${t("no")}`}>
      —<span className="sr-only"> {t("no")}</span>
    </span>
  );
}

function ProposalAssignments({ proposal: p, reviewers }: { proposal: BoardProposal; reviewers: BoardReviewer[] }) {
  const t = useTranslations("adminReview");
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [reviewerId, setReviewerId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<{ reviewerId: string; name: string; conflicts: ConflictReason[] } | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const assignedIds = new Set(p.reviewers.map((r) => r.reviewerId));
  const candidates = reviewers.filter((r) => !assignedIds.has(r.id));
  const heading = `${p.receiptNo ?? ""} ${p.title ?? t("untitled")}`.trim();
  const headers = { "accept-language": locale };

  async function assign(target: string, acknowledgeConflict: boolean) {
    setError(null);
    setNotice(null);
    setBusy(true);
    const name = reviewers.find((r) => r.id === target)?.name ?? "";
    const r = await sendJson("POST", "/api/v1/admin/assignments", { proposalId: p.id, reviewerId: target, acknowledgeConflict }, headers);
    if (!r.ok) {
      // A 409 on a reviewer with detected conflicts is the conflict-of-interest refusal: ask the server
      // what the conflicts are, so the warning can name them.
      if (r.status === 409 && !acknowledgeConflict && r.error.fields?.reviewerId) {
        const c = await sendJson<{ conflicts: ConflictReason[] }>("GET", `/api/v1/admin/assignments/conflicts?proposalId=${encodeURIComponent(p.id)}&reviewerId=${encodeURIComponent(target)}`, undefined, headers);
        setBusy(false);
        if (c.ok && c.data.conflicts.length > 0) return setPending({ reviewerId: target, name, conflicts: c.data.conflicts });
      }
      setBusy(false);
      setPending(null);
      return setError(r.error);
    }
    setBusy(false);
    setPending(null);
    setReviewerId("");
    setNotice(t("assigned", { name }));
    router.refresh();
  }

  async function unassign(assignmentId: string) {
    setError(null);
    setNotice(null);
    setBusy(true);
    const r = await sendJson("DELETE", `/api/v1/admin/assignments/${assignmentId}`, undefined, headers);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setRemoving(null);
    router.refresh();
  }

  const describe = (c: ConflictReason) => (c.type === "EMAIL_DOMAIN" ? t("conflictEMAIL_DOMAIN", { domain: c.domain }) : t("conflictORGANIZATION", { organization: c.organization, businessRegNo: c.businessRegNo }));

  return (
    <section className="card assign-card" aria-labelledby={`${id}-h`} data-testid="proposal-assignments" data-proposal-id={p.id} data-receipt-no={p.receiptNo ?? ""}>
      <h3 id={`${id}-h`}>
        {p.receiptNo && <span className="receipt-chip">{p.receiptNo}</span>} {p.title ?? t("untitled")}
      </h3>
      <p className="muted assign-meta">
        {p.consortium} · <span data-testid="assigned-count">{t("assignedCount", { count: p.reviewers.length })}</span>
      </p>
      {p.reviewers.length === 0 ? (
        <p className="muted">{t("noAssignments")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="assignments">
            <thead>
              <tr>
                <th scope="col">{t("colReviewer")}</th>
                <th scope="col">{t("colSource")}</th>
                <th scope="col" className="center">{t("colDeclaration")}</th>
                <th scope="col" className="center">{t("colSubmitted")}</th>
                <th scope="col" className="num">{t("colTotal")}</th>
                <th scope="col">{t("colWarning")}</th>
                <th scope="col">
                  <span className="sr-only">{t("colActions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.reviewers.map((a) => (
                <tr key={a.assignmentId} data-testid="assignment-row" data-reviewer-id={a.reviewerId} data-source={a.source}>
                  <th scope="row">
                    {a.name}
                    <div className="muted small reviewer-email">{a.email}</div>
                  </th>
                  <td>
                    <span className={`badge badge-source-${a.source}`}>{t(`source.${a.source}`)}</span>
                  </td>
                  <td className="center" data-testid="declared">
                    <Check on={a.declared} label={t("colDeclaration")} />
                  </td>
                  <td className="center" data-testid="submitted">
                    <Check on={a.submitted} label={t("colSubmitted")} />
                  </td>
                  <td className="num" data-testid="assignment-total">{score2(a.total)}</td>
                  <td>
                    {a.conflictWarning && (
                      <span className="badge badge-conflict" title={t("conflictMarkerHint", { detail: a.conflictWarning })} data-testid="conflict-marker">
                        ⚠ {t("conflictMarker")}
                        <span className="sr-only"> — {a.conflictWarning}</span>
                      </span>
                    )}
                  </td>
                  <td className="actions-cell">
                    {removing === a.assignmentId ? (
                      <div className="confirm-inline" role="group" aria-label={t("unassignFor", { name: a.name })}>
                        <span>{t("unassignQuestion", { name: a.name })}</span>
                        <span className="row-actions">
                          <button type="button" className="button danger small" disabled={busy} onClick={() => void unassign(a.assignmentId)} data-testid="unassign-confirm">
                            {t("unassignYes")}
                          </button>
                          <button type="button" className="button secondary small" onClick={() => setRemoving(null)}>
                            {t("keep")}
                          </button>
                        </span>
                      </div>
                    ) : (
                      <button type="button" className="button danger-outline small" disabled={busy} onClick={() => setRemoving(a.assignmentId)} aria-label={t("unassignFor", { name: a.name })} data-testid="unassign">
                        {t("unassign")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <form
        className="assign-form"
        data-testid="assign-form"
        aria-label={t("assignFor", { proposal: heading })}
        onSubmit={(e) => {
          e.preventDefault();
          if (reviewerId) void assign(reviewerId, false);
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-reviewer`}>{t("reviewer")}</label>
          <select
            id={`${id}-reviewer`}
            value={reviewerId}
            onChange={(e) => {
              setReviewerId(e.target.value);
              setPending(null);
              setError(null);
            }}
            disabled={candidates.length === 0}
            data-testid="assign-reviewer"
          >
            <option value="">{candidates.length ? t("chooseReviewer") : t("noReviewersLeft")}</option>
            {candidates.map((r) => (
              <option key={r.id} value={r.id}>
                {t("reviewerOption", { name: r.affiliation ? `${r.name} (${r.affiliation})` : r.name, email: r.email, load: r.load })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={busy || !reviewerId || pending !== null} data-testid="assign-submit">
          {t("assign")}
        </button>
      </form>

      {pending && (
        <div className="alert alert-warn conflict-warning" role="alert" data-testid="conflict-warning" data-reviewer-id={pending.reviewerId}>
          <p>
            <strong>⚠ {t("conflictTitle")}</strong>
          </p>
          <p>{t("conflictBody", { reviewer: pending.name })}</p>
          <ul>
            {pending.conflicts.map((c, i) => (
              <li key={i}>{describe(c)}</li>
            ))}
          </ul>
          <p>{t("conflictQuestion")}</p>
          <div className="actions">
            <button type="button" className="button danger" disabled={busy} onClick={() => void assign(pending.reviewerId, true)} data-testid="conflict-acknowledge">
              {t("conflictAcknowledge")}
            </button>
            <button type="button" className="button secondary" disabled={busy} onClick={() => setPending(null)} data-testid="conflict-cancel">
              {t("conflictCancel")}
            </button>
          </div>
        </div>
      )}
      <ErrorAlert error={error} />
      {notice && (
        <p className="alert alert-ok" role="status" data-testid="assign-notice">
          {notice}
        </p>
      )}
    </section>
  );
}
