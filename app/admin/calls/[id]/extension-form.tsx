"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { grantExtensionSchema } from "@/lib/calls/extension-schema";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { fromKstInput, toKstInput } from "../../reviews/format";
import { KstDateTimeInput } from "../../kst-datetime-input";

/** Grants one consortium a later cutoff; the reason is required and lands in the audit log. */
export function ExtensionForm({ consortia, closesAt }: { consortia: { id: string; name: string }[]; closesAt: string }) {
  const t = useTranslations("adminSettings");
  const locale = useLocale();
  const router = useRouter();
  const [consortiumId, setConsortiumId] = useState(consortia.length === 1 ? consortia[0]!.id : "");
  // Suggest a day past the cutoff: an outage is answered with a short extension.
  const [until, setUntil] = useState(() => toKstInput(new Date(new Date(closesAt).getTime() + 86_400_000).toISOString()));
  const [reason, setReason] = useState("");
  const [fields, setFields] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState(false);
  const [busy, setBusy] = useState(false);
  const d = fromKstInput(until);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(false);
    const body = { consortiumId, until: d ? `${until.length === 16 ? `${until}:00` : until}+09:00` : "", reason };
    const parsed = grantExtensionSchema.safeParse(body);
    if (!parsed.success) {
      const f: Record<string, string> = {};
      for (const i of parsed.error.issues) f[String(i.path[0])] ??= i.message;
      if (!consortiumId) f.consortiumId = "required";
      return setFields(f);
    }
    setFields({});
    setBusy(true);
    const r = await sendJson("POST", "/api/v1/admin/extensions", body, { "accept-language": locale });
    setBusy(false);
    if (!r.ok) {
      setFields(r.error.fields ?? {});
      return setError(r.error);
    }
    setReason("");
    setNotice(true);
    router.refresh();
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="extension-form" style={{ marginTop: 16 }}>
      <div className="field">
        <label htmlFor="ext-consortium">{t("colConsortium")}</label>
        <select id="ext-consortium" value={consortiumId} onChange={(e) => setConsortiumId(e.target.value)} aria-invalid={fields.consortiumId ? true : undefined} aria-describedby="ext-consortium-error" data-testid="ext-consortium">
          <option value="" disabled>
            {t("choose")}
          </option>
          {consortia.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <FieldMessage id="ext-consortium-error" error={{ message: fields.consortiumId }} />
      </div>
      <div className="field">
        <KstDateTimeInput id="ext-until" label={t("extensionUntil")} value={until} onChange={(v) => setUntil(v ?? "")} invalid={Boolean(fields.until)} describedBy="ext-until-utc ext-until-error" testId="ext-until" />
        <span className="muted utc" id="ext-until-utc" data-testid="ext-until-utc">
          {d ? t("utcIs", { utc: d.toISOString() }) : t("kstHint")}
        </span>
        <FieldMessage id="ext-until-error" error={{ message: fields.until }} />
      </div>
      <div className="field span-all">
        <label htmlFor="ext-reason">{t("extensionReason")}</label>
        <textarea id="ext-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={fields.reason ? true : undefined} aria-describedby="ext-reason-hint ext-reason-error" data-testid="ext-reason" />
        <span className="muted" id="ext-reason-hint">{t("extensionReasonHint")}</span>
        <FieldMessage id="ext-reason-error" error={{ message: fields.reason }} />
      </div>
      <FormAlert error={error} />
      {notice && (
        <p className="alert alert-ok span-all" role="status" data-testid="extension-granted">
          {t("extensionGranted")}
        </p>
      )}
      <div className="span-all">
        <button type="submit" className="button" disabled={busy} data-testid="ext-submit">
          {t("grantExtension")}
        </button>
      </div>
    </form>
  );
}
