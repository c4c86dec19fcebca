"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";
import type { z } from "zod";
import { resetPasswordSchema } from "@/lib/auth/schemas";
import { FieldMessage, FormAlert, postJson, type ApiError } from "../../_components/form-kit";

export function ResetForm({ token }: { token: string }) {
  const t = useTranslations();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, formState, setError: setFieldError } = useForm<z.input<typeof resetPasswordSchema>>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { token, password: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await postJson("/api/v1/password/reset", values);
    if (r.ok) return setDone(true);
    setError(r.error);
    if (r.error.fields?.password) setFieldError("password", { message: r.error.fields.password });
  });
  if (done)
    return (
      <p className="alert alert-ok" role="status" data-testid="reset-done">
        {t("auth.resetDone")} <Link href="/signin">{t("common.signIn")}</Link>
      </p>
    );
  return (
    <form className="stack" method="post" onSubmit={onSubmit} noValidate>
      <FormAlert error={error} />
      <input type="hidden" {...register("token")} />
      <div className="field">
        <label htmlFor="password">{t("auth.newPassword")}</label>
        <input id="password" type="password" autoComplete="new-password" aria-invalid={!!formState.errors.password} aria-describedby="password-rule password-error" {...register("password")} />
        <span className="muted" id="password-rule">{t("auth.passwordRule")}</span>
        <FieldMessage id="password-error" error={formState.errors.password} />
      </div>
      <button className="button" type="submit" disabled={formState.isSubmitting}>{t("common.submit")}</button>
    </form>
  );
}
