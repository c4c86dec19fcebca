"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { fromKstInput, toKstInput } from "../format";
import { KstDateTimeInput } from "../../kst-datetime-input";

/** Sets or clears the call's review round; the inputs are KST whatever the browser's zone. */
export function ReviewRoundForm({ callId, opensAt, closesAt }: { callId: string; opensAt: string | null; closesAt: string | null }) {
  const t = useTranslations("adminReview");
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [opens, setOpens] = useState(() => toKstInput(opensAt));
  const [closes, setCloses] = useState(() => toKstInput(closesAt));
  // An incomplete or non-24-hour time: the value stays empty and saving says so.
  const [bad, setBad] = useState<{ reviewOpensAt?: boolean; reviewClosesAt?: boolean }>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(clear: boolean) {
    setError(null);
    setNotice(null);
    const o = clear || !opens ? null : fromKstInput(opens);
    const c = clear || !closes ? null : fromKstInput(closes);
    const problems: Record<string, string> = {};
    if (!clear && ((opens && !o) || bad.reviewOpensAt)) problems.reviewOpensAt = t("roundInvalid");
    if (!clear && ((closes && !c) || bad.reviewClosesAt)) problems.reviewClosesAt = t("roundInvalid");
    if (o && c && c <= o) problems.reviewClosesAt = t("roundOrder");
    setFields(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    const r = await sendJson("PATCH", `/api/v1/admin/calls/${callId}`, { reviewOpensAt: o?.toISOString() ?? null, reviewClosesAt: c?.toISOString() ?? null }, { "accept-language": locale });
    setBusy(false);
    if (!r.ok) {
      setFields(r.error.fields ?? {});
      return setError(r.error);
    }
    if (clear) {
      setOpens("");
      setCloses("");
    }
    setNotice(clear ? t("roundCleared") : t("roundSaved"));
    router.refresh();
  }

  const input = (name: "reviewOpensAt" | "reviewClosesAt", label: string, value: string, set: (v: string) => void, testId: string) => {
    const d = value ? fromKstInput(value) : null;
    return (
      <div className="field">
        <KstDateTimeInput
          id={`${id}-${name}`}
          label={label}
          value={value}
          onChange={(v) => {
            set(v ?? "");
            setBad((b) => ({ ...b, [name]: v === null }));
          }}
          invalid={Boolean(fields[name])}
          describedBy={`${id}-${name}-utc ${id}-${name}-err`}
          testId={testId}
        />
        <span className="muted utc" id={`${id}-${name}-utc`} data-testid={`${testId}-utc`}>
          {d ? t("utcIs", { utc: d.toISOString() }) : t("roundUnset")}
        </span>
        <FieldMessage id={`${id}-${name}-err`} error={{ message: fields[name] }} />
      </div>
    );
  };

  return (
    <form
      className="round-form"
      data-testid="review-round-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <p className="muted">{t("roundHint")}</p>
      <div className="form-grid">
        {input("reviewOpensAt", t("roundOpensInput"), opens, setOpens, "round-opens")}
        {input("reviewClosesAt", t("roundClosesInput"), closes, setCloses, "round-closes")}
      </div>
      <FormAlert error={error} />
      {notice && (
        <p className="alert alert-ok" role="status" data-testid="round-saved">
          {notice}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy} data-testid="round-save">
          {t("roundSave")}
        </button>
        <button type="button" className="button secondary" disabled={busy || (!opensAt && !closesAt && !opens && !closes)} onClick={() => void save(true)} data-testid="round-clear">
          {t("roundClear")}
        </button>
      </div>
    </form>
  );
}
