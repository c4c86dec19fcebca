"use client";

import { particle } from "@/lib/text/particle";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { createAccessTokenSchema } from "@/lib/auth/schemas";
import { useLocale, useTranslations } from "use-intl";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../_components/form-kit";

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  created: string;
  expires: string | null;
  lastUsed: string | null;
  revoked: string | null;
  expired: boolean;
}

interface Values {
  name: string;
  expiresInDays: number;
}

/**
 * Personal access tokens for scripts: created here from the signed-in session, shown once, revocable.
 * The form and the server share createAccessTokenSchema.
 */
export function TokensSection({ tokens, origin }: { tokens: TokenRow[]; origin: string }) {
  const t = useTranslations("tokens");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { register, handleSubmit, reset, setError: setFieldError, formState } = useForm<Values>({ resolver: zodResolver(createAccessTokenSchema) as never, defaultValues: { name: "", expiresInDays: 90 } });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setCopied(null);
    const r = await sendJson<{ name: string; token: string }>("POST", "/api/v1/me/tokens", values, { "accept-language": locale });
    if (r.ok) {
      setCreated({ name: r.data.name, token: r.data.token });
      reset({ name: "", expiresInDays: 90 });
      router.refresh();
      return;
    }
    setError(r.error);
    for (const [f, message] of Object.entries(r.error.fields ?? {})) if (f === "name" || f === "expiresInDays") setFieldError(f, { message });
  });

  async function copy(token: string) {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  }

  async function revoke(id: string) {
    setError(null);
    setBusy(true);
    const r = await sendJson("DELETE", `/api/v1/me/tokens/${id}`, undefined, { "accept-language": locale });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setRevoking(null);
    router.refresh();
  }

  const status = (k: TokenRow) =>
    k.revoked ? <span className="status-none">{t("revokedAt", { at: k.revoked })}</span> : k.expired ? <span className="status-warn">{t("expired")}</span> : <span className="status-ok">{t("active")}</span>;

  return (
    <section className="card" aria-labelledby="tokens-title" data-testid="tokens">
      <h2 id="tokens-title">{t("title")}</h2>
      <p>{t("lead")}</p>

      {created && (
        <div className="alert alert-ok token-created" role="status" data-testid="token-created">
          <p style={{ marginTop: 0 }}>
            <strong>{t("createdTitle", { name: created.name, eul: particle(created.name, "을/를") })}</strong>
          </p>
          <p className="token-warning">⚠ {t("createdWarning")}</p>
          <div className="token-box">
            <label htmlFor="new-token" className="sr-only">
              {t("newToken")}
            </label>
            <input id="new-token" className="token-value" readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} data-testid="token-value" />
            <button type="button" className="button small" onClick={() => void copy(created.token)} data-testid="copy-token">
              {t("copy")}
            </button>
          </div>
          <p className="muted" role="status" aria-live="polite" style={{ marginBottom: 0 }}>
            {copied === "ok" ? t("copied") : copied === "failed" ? t("copyFailed") : ""}
          </p>
        </div>
      )}

      <FormAlert error={error} />
      <form className="form-grid" onSubmit={onSubmit} noValidate data-testid="token-form" aria-label={t("createTitle")}>
        <div className="field">
          <label htmlFor="token-name">{t("name")}</label>
          <input
            id="token-name"
            autoComplete="off"
            aria-invalid={!!errors.name}
            aria-describedby="token-name-hint token-name-error"
            {...register("name")}
          />
          <span className="muted" id="token-name-hint">
            {t("nameHint")}
          </span>
          <FieldMessage id="token-name-error" error={errors.name} />
        </div>
        <div className="field">
          <label htmlFor="token-days">{t("expiresInDays")}</label>
          <input
            id="token-days"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            step={1}
            aria-invalid={!!errors.expiresInDays}
            aria-describedby="token-days-hint token-days-error"
            {...register("expiresInDays", { valueAsNumber: true })}
          />
          <span className="muted" id="token-days-hint">
            {t("expiresHint")}
          </span>
          <FieldMessage id="token-days-error" error={errors.expiresInDays} />
        </div>
        <div className="span-all">
          <button className="button" type="submit" disabled={isSubmitting} data-testid="create-token">
            {t("create")}
          </button>
        </div>
      </form>

      <h3>{t("listTitle")}</h3>
      {tokens.length === 0 ? (
        <p className="muted" data-testid="no-tokens">
          {t("empty")}
        </p>
      ) : (
        <table className="responsive" data-testid="token-list">
          <thead>
            <tr>
              <th scope="col">{t("name")}</th>
              <th scope="col">{t("prefix")}</th>
              <th scope="col">{t("created")}</th>
              <th scope="col">{t("expires")}</th>
              <th scope="col">{t("lastUsed")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">
                <span className="sr-only">{t("actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((k) => (
              <tr key={k.id} data-testid="token-row" data-prefix={k.prefix} data-revoked={Boolean(k.revoked)}>
                <td data-label={t("name")} className="break">
                  {k.name}
                </td>
                <td data-label={t("prefix")}>
                  <code>{k.prefix}…</code>
                </td>
                <td data-label={t("created")}>{k.created}</td>
                <td data-label={t("expires")}>{k.expires ?? t("noExpiry")}</td>
                <td data-label={t("lastUsed")}>{k.lastUsed ?? <span className="muted">{t("neverUsed")}</span>}</td>
                <td data-label={t("status")} className="nowrap">
                  {status(k)}
                </td>
                <td className="actions-cell">
                  {!k.revoked &&
                    (revoking === k.id ? (
                      <span className="actions">
                        <button type="button" className="button danger small" disabled={busy} onClick={() => void revoke(k.id)} data-testid="revoke-token-confirm">
                          {t("revokeYes")}
                        </button>
                        <button type="button" className="button secondary small" onClick={() => setRevoking(null)}>
                          {t("cancel")}
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="button danger-outline small" onClick={() => setRevoking(k.id)} data-testid="revoke-token" aria-label={t("revokeFor", { name: k.name })}>
                        {t("revoke")}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && <p className="muted" role="status">{t("revokeWarning")}</p>}

      <h3>{t("usageTitle")}</h3>
      <p className="muted">{t("usageNote")}</p>
      <pre className="code" data-testid="token-usage">
        <code>{`curl -H "Authorization: Bearer sapt_…" ${origin}/api/v1/consortia`}</code>
      </pre>
    </section>
  );
}
