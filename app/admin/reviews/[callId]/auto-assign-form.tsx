"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";

interface AutoResult {
  created: { id: string; proposalId: string; reviewerId: string }[];
  unfilled: { proposalId: string; missing: number }[];
}

/** "N reviewers per proposal": balanced, conflict-free; slots nobody can fill are listed, not forced. */
export function AutoAssignForm({ callId, proposals }: { callId: string; proposals: { id: string; label: string }[] }) {
  const t = useTranslations("adminReview");
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [n, setN] = useState("2");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<(AutoResult & { n: number }) | null>(null);
  const perProposal = Number(n);
  const valid = Number.isInteger(perProposal) && perProposal >= 1 && perProposal <= 10;
  const label = new Map(proposals.map((p) => [p.id, p.label]));

  async function run() {
    setError(null);
    setResult(null);
    setBusy(true);
    const r = await sendJson<AutoResult>("POST", "/api/v1/admin/assignments/auto", { callId, perProposal }, { "accept-language": locale });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setResult({ ...r.data, n: perProposal });
    router.refresh();
  }

  return (
    <form
      data-testid="auto-assign"
      className="auto-assign"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void run();
      }}
    >
      <div className="inline-fields">
        <div className="field">
          <label htmlFor={`${id}-n`}>{t("perProposal")}</label>
          <input id={`${id}-n`} type="number" inputMode="numeric" min={1} max={10} step={1} value={n} onChange={(e) => setN(e.target.value)} aria-describedby={`${id}-hint`} aria-invalid={valid ? undefined : true} data-testid="auto-per-proposal" className="narrow" />
          <span className="muted" id={`${id}-hint`}>
            {t("perProposalHint")}
          </span>
        </div>
        <button type="submit" className="button" disabled={busy || !valid} data-testid="auto-assign-submit">
          {busy ? t("autoRunning") : t("autoButton", { n: valid ? perProposal : "N" })}
        </button>
      </div>
      <FormAlert error={error} />
      {result && (
        <div className={`alert ${result.unfilled.length ? "alert-warn" : "alert-ok"}`} role="status" data-testid="auto-result" data-created={result.created.length} data-unfilled={result.unfilled.length}>
          <p>{t("autoCreated", { count: result.created.length })}</p>
          {result.unfilled.length > 0 ? (
            <>
              <p>
                <strong>{t("autoUnfilledTitle")}</strong>
              </p>
              <ul data-testid="auto-unfilled">
                {result.unfilled.map((u) => (
                  <li key={u.proposalId} data-proposal-id={u.proposalId}>
                    {t("autoUnfilled", { proposal: label.get(u.proposalId) ?? u.proposalId, missing: u.missing })}
                  </li>
                ))}
              </ul>
              <p>{t("autoUnfilledHint")}</p>
            </>
          ) : (
            <p>{t("autoAllFilled", { n: result.n })}</p>
          )}
        </div>
      )}
    </form>
  );
}
