"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";
import type { z } from "zod";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { FieldMessage, FormAlert, postJson, type ApiError } from "../../../_components/form-kit";

/** "로그인 링크 받기": asks for an emailed one-time sign-in link. */
export function SignInLinkForm() {
  const t = useTranslations();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, formState } = useForm<z.input<typeof forgotPasswordSchema>>({ resolver: zodResolver(forgotPasswordSchema) });
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await postJson("/api/v1/sign-in-link", values);
    if (r.ok) setSent(true);
    else setError(r.error);
  });
  if (sent) return <p className="alert alert-ok" role="status" data-testid="sign-in-link-sent">{t("auth.signInLinkSent")}</p>;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      {error?.code === "RATE_LIMITED" ? (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={error.code}>
          {t("auth.signInLinkRateLimited")}
        </p>
      ) : (
        <FormAlert error={error} />
      )}
      <label>
        {t("common.email")}
        <input type="email" autoComplete="email" aria-invalid={!!formState.errors.email} {...register("email")} />
        <FieldMessage id="link-email-error" error={formState.errors.email} />
      </label>
      <button className="button" type="submit" disabled={formState.isSubmitting}>{t("auth.signInLinkSend")}</button>
    </form>
  );
}
