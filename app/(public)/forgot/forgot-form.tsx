"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";
import type { z } from "zod";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { FieldMessage, FormAlert, postJson, type ApiError } from "../../_components/form-kit";

export function ForgotForm() {
  const t = useTranslations();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, formState } = useForm<z.input<typeof forgotPasswordSchema>>({ resolver: zodResolver(forgotPasswordSchema) });
  const onSubmit = handleSubmit(async (values) => {
    const r = await postJson("/api/v1/password/forgot", values);
    if (r.ok) setSent(true);
    else setError(r.error);
  });
  if (sent) return <p className="alert alert-ok" role="status" data-testid="reset-sent">{t("auth.forgotSent")}</p>;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormAlert error={error} />
      <label>
        {t("common.email")}
        <input type="email" autoComplete="email" aria-invalid={!!formState.errors.email} {...register("email")} />
        <FieldMessage id="email-error" error={formState.errors.email} />
      </label>
      <button className="button" type="submit" disabled={formState.isSubmitting}>{t("common.submit")}</button>
    </form>
  );
}
