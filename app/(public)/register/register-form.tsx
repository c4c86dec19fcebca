"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { registerSchema, type RegisterInput } from "@/lib/auth/schemas";
import { FieldMessage, FormAlert, postJson, type ApiError } from "../../_components/form-kit";

/** `callbackUrl` (already a safe path) goes with the registration, to come back to after verifying. */
export function RegisterForm({ callbackUrl, defaultEmail, invited }: { callbackUrl?: string; defaultEmail?: string; invited?: boolean }) {
  const t = useTranslations();
  const locale = useLocale() as "ko" | "en";
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, setError: setFieldError, formState } = useForm<RegisterInput>({
    resolver: zodResolver(registerSchema),
    defaultValues: { email: defaultEmail ?? "", password: "", name: "", locale },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await postJson<{ email: string }>("/api/v1/register", callbackUrl ? { ...values, callbackUrl } : values);
    if (r.ok) return setDone(r.data.email);
    setError(r.error);
    for (const [field, message] of Object.entries(r.error.fields ?? {})) {
      setFieldError(field as keyof RegisterInput, { message });
    }
  });

  if (done)
    return (
      <p className="alert alert-ok" role="status" data-testid="registered">
        {t("auth.registered", { email: done })}
        {invited && <> {t("auth.registeredInvitation")}</>}
      </p>
    );
  return (
    <form className="stack" method="post" onSubmit={onSubmit} noValidate>
      <FormAlert error={error} />
      <label>
        {t("common.name")}
        <input autoComplete="name" aria-invalid={!!errors.name} aria-describedby="name-error" {...register("name")} />
        <FieldMessage id="name-error" error={errors.name} />
      </label>
      <label>
        {t("common.email")}
        <input type="email" autoComplete="email" aria-invalid={!!errors.email} aria-describedby="email-error" {...register("email")} />
        <FieldMessage id="email-error" error={errors.email} />
      </label>
      <div className="field">
        <label htmlFor="password">{t("common.password")}</label>
        <input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} aria-describedby="password-rule password-error" {...register("password")} />
        <span className="muted" id="password-rule">{t("auth.passwordRule")}</span>
        <FieldMessage id="password-error" error={errors.password} />
      </div>
      <label>
        {t("auth.locale")}
        <select {...register("locale")}>
          <option value="ko">한국어</option>
          <option value="en">English</option>
        </select>
      </label>
      <button className="button" type="submit" disabled={isSubmitting}>
        {t("common.register")}
      </button>
    </form>
  );
}
