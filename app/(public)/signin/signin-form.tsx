"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";
import type { z } from "zod";
import { signInSchema } from "@/lib/auth/schemas";
import { FieldMessage } from "../../_components/form-kit";

type Values = z.input<typeof signInSchema>;

const MESSAGE_FOR: Record<string, "signInFailed" | "signInRateLimited" | "signInUnverified" | "signInDisabled"> = {
  CredentialsSignin: "signInFailed",
  RATE_LIMITED: "signInRateLimited",
  EMAIL_NOT_VERIFIED: "signInUnverified",
  ACCOUNT_DISABLED: "signInDisabled",
};

export function SignInForm({ callbackUrl, initialError, defaultEmail }: { callbackUrl: string; initialError?: string; defaultEmail?: string }) {
  const t = useTranslations();
  const [error, setError] = useState<string | undefined>(initialError);
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(signInSchema), defaultValues: { email: defaultEmail ?? "", password: "" } });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(undefined);
    const r = await signIn("credentials", { ...values, redirect: false });
    if (r?.ok && !r.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setError(r?.error ?? "CredentialsSignin");
  });

  return (
    <form className="stack" method="post" onSubmit={onSubmit} noValidate>
      {error && (
        <p className="alert alert-error" role="alert" id="signin-error" data-testid="form-error" data-code={error}>
          {t(`auth.${MESSAGE_FOR[error] ?? "signInFailed"}`)}
        </p>
      )}
      <label>
        {t("common.email")}
        <input type="email" autoComplete="username" aria-invalid={!!errors.email || !!error} aria-describedby={`email-error${error ? " signin-error" : ""}`} {...register("email")} />
        <FieldMessage id="email-error" error={errors.email} />
      </label>
      <label>
        {t("common.password")}
        <input type="password" autoComplete="current-password" aria-invalid={!!errors.password || !!error} aria-describedby={`password-error${error ? " signin-error" : ""}`} {...register("password")} />
        <FieldMessage id="password-error" error={errors.password} />
      </label>
      <button className="button" type="submit" disabled={isSubmitting}>
        {t("common.signIn")}
      </button>
    </form>
  );
}
