"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { registerFormSchema, type RegisterFormInput } from "@/lib/auth/schemas";
import type { LocalizedConsent } from "@/lib/consents/texts";
import { PrivacyConsentTable, TermsSections } from "../../_components/consent-text";
import { FieldMessage, FormAlert, postJson, type ApiError } from "../../_components/form-kit";

/** Which form field shows an API field's message. */
const FIELD_OF: Record<string, keyof RegisterFormInput> = { "consents.terms": "agreeTerms", "consents.privacy": "agreePrivacy", consents: "agreeTerms" };

/**
 * `callbackUrl` (already a safe path) goes with the registration, to come back to after verifying.
 * `terms` and `privacy` are the texts the server rendered the page with: their versions are what the
 * registration says the person accepted (a newer version on the server refuses it: CONSENT_OUTDATED).
 */
export function RegisterForm({
  callbackUrl,
  defaultEmail,
  invited,
  terms,
  privacy,
}: {
  callbackUrl?: string;
  defaultEmail?: string;
  invited?: boolean;
  terms: LocalizedConsent;
  privacy: LocalizedConsent;
}) {
  const t = useTranslations();
  const locale = useLocale() as "ko" | "en";
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const { register, handleSubmit, setError: setFieldError, setValue, watch, formState } = useForm<RegisterFormInput>({
    resolver: zodResolver(registerFormSchema),
    defaultValues: { email: defaultEmail ?? "", password: "", passwordConfirm: "", name: "", locale, agreeTerms: false as unknown as true, agreePrivacy: false as unknown as true },
  });
  const { errors, isSubmitting, isSubmitted } = formState;
  const [agreeTerms, agreePrivacy] = watch(["agreeTerms", "agreePrivacy"]);
  const allAgreed = !!agreeTerms && !!agreePrivacy;

  const onSubmit = handleSubmit(async ({ passwordConfirm: _confirm, agreeTerms: _t, agreePrivacy: _p, ...values }) => {
    setError(null);
    const body = { ...values, consents: { terms: terms.version, privacy: privacy.version }, ...(callbackUrl ? { callbackUrl } : {}) };
    const r = await postJson<{ email: string }>("/api/v1/register", body);
    if (r.ok) return setDone(r.data.email);
    setError(r.error);
    for (const [field, message] of Object.entries(r.error.fields ?? {})) {
      setFieldError(FIELD_OF[field] ?? (field as keyof RegisterFormInput), { message });
    }
  });

  const setBoth = (checked: boolean) => {
    const opts = { shouldDirty: true, shouldValidate: isSubmitted };
    setValue("agreeTerms", checked as true, opts);
    setValue("agreePrivacy", checked as true, opts);
  };
  // aria-describedby names only elements that are on the page.
  const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

  if (done)
    return (
      <p className="alert alert-ok" role="status" data-testid="registered">
        {t("auth.registered", { email: done })}
        {invited && <> {t("auth.registeredInvitation")}</>}
      </p>
    );
  return (
    <form className="stack register-form" method="post" onSubmit={onSubmit} noValidate>
      <FormAlert error={error} />
      <label>
        {t("common.name")}
        <input autoComplete="name" aria-invalid={!!errors.name} aria-describedby={describedBy(errors.name && "name-error")} {...register("name")} />
        <FieldMessage id="name-error" error={errors.name} />
      </label>
      <label>
        {t("common.email")}
        <input type="email" autoComplete="email" aria-invalid={!!errors.email} aria-describedby={describedBy(errors.email && "email-error")} {...register("email")} />
        <FieldMessage id="email-error" error={errors.email} />
      </label>
      <div className="field">
        <label htmlFor="password">{t("common.password")}</label>
        <div className="password-row">
          <input
            id="password"
            type={shown ? "text" : "password"}
            autoComplete="new-password"
            aria-invalid={!!errors.password}
            aria-describedby={describedBy("password-rule", errors.password && "password-error")}
            {...register("password")}
          />
          <button
            type="button"
            className="button secondary small password-toggle"
            aria-pressed={shown}
            aria-controls="password password-confirm"
            data-testid="show-password"
            onClick={() => setShown((s) => !s)}
          >
            {t("consent.showPassword")}
          </button>
        </div>
        <span className="muted" id="password-rule">{t("auth.passwordRule")}</span>
        <FieldMessage id="password-error" error={errors.password} />
      </div>
      <div className="field">
        <label htmlFor="password-confirm">{t("auth.passwordConfirm")}</label>
        <input
          id="password-confirm"
          type={shown ? "text" : "password"}
          autoComplete="new-password"
          aria-invalid={!!errors.passwordConfirm}
          aria-describedby={describedBy(errors.passwordConfirm && "password-confirm-error")}
          {...register("passwordConfirm")}
        />
        <FieldMessage id="password-confirm-error" error={errors.passwordConfirm} />
      </div>
      <label>
        {t("auth.locale")}
        <select {...register("locale")}>
          <option value="ko">한국어</option>
          <option value="en">English</option>
        </select>
      </label>

      <div className="agree-all">
        <label className="check">
          <input type="checkbox" checked={allAgreed} onChange={(e) => setBoth(e.target.checked)} aria-describedby="agree-all-hint" data-testid="agree-all" />
          <span>{t("consent.agreeAll")}</span>
        </label>
        <span className="muted" id="agree-all-hint">{t("consent.agreeAllHint")}</span>
      </div>

      <section className="consent-block" aria-labelledby="terms-title" data-testid="terms-consent">
        <h2 id="terms-title">
          {terms.title} <span className="muted">({t("consent.version", { version: terms.version })})</span>
        </h2>
        <div className="terms-box" role="region" aria-label={t("consent.termsBoxLabel")} tabIndex={0} data-testid="terms-box">
          <TermsSections text={terms} />
        </div>
        <p className="muted">
          <Link href="/terms" target="_blank" rel="noopener" data-testid="terms-link">{t("consent.termsFull")}</Link>
        </p>
        <label className="check">
          <input
            type="checkbox"
            aria-invalid={!!errors.agreeTerms}
            aria-describedby={describedBy(errors.agreeTerms && "agreeTerms-error")}
            data-testid="agree-terms"
            {...register("agreeTerms")}
          />
          <span>{terms.agree}</span>
        </label>
        <FieldMessage id="agreeTerms-error" error={errors.agreeTerms} />
      </section>

      <section className="consent-block" aria-labelledby="privacy-title" data-testid="privacy-consent">
        <h2 id="privacy-title">
          {privacy.title} <span className="muted">({t("consent.version", { version: privacy.version })})</span>
        </h2>
        <p className="muted">{privacy.intro}</p>
        <PrivacyConsentTable text={privacy} caption={t("consent.privacyTableCaption", { title: privacy.title, version: privacy.version })} testId="privacy-table" hideCaption />
        <p className="muted">
          <Link href="/privacy" target="_blank" rel="noopener">{t("consent.privacyPageTitle")}</Link>
        </p>
        <label className="check">
          <input
            type="checkbox"
            aria-invalid={!!errors.agreePrivacy}
            aria-describedby={describedBy(errors.agreePrivacy && "agreePrivacy-error")}
            data-testid="agree-privacy"
            {...register("agreePrivacy")}
          />
          <span>{privacy.agree}</span>
        </label>
        <FieldMessage id="agreePrivacy-error" error={errors.agreePrivacy} />
      </section>

      <button className="button" type="submit" disabled={isSubmitting}>
        {t("common.register")}
      </button>
    </form>
  );
}
