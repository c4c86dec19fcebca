"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";
import type { z } from "zod";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { FieldMessage, FormAlert, postJson, type ApiError } from "./form-kit";

/**
 * One e-mail field that asks the server to mail a one-time link (password reset, sign-in link). The
 * answer is the same whether or not the address has an account, so the page only says "sent".
 */
export function EmailLinkForm(props: { endpoint: string; sentMessage: string; sentTestId: string; submitLabel: string; fieldId: string; rateLimitedMessage?: string }) {
  const t = useTranslations();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, formState } = useForm<z.input<typeof forgotPasswordSchema>>({ resolver: zodResolver(forgotPasswordSchema) });
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await postJson(props.endpoint, values);
    if (r.ok) setSent(true);
    else setError(r.error);
  });
  if (sent) return <p className="alert alert-ok" role="status" data-testid={props.sentTestId}>{props.sentMessage}</p>;
  return (
    <form className="stack" method="post" onSubmit={onSubmit} noValidate>
      {error?.code === "RATE_LIMITED" && props.rateLimitedMessage ? (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={error.code}>
          {props.rateLimitedMessage}
        </p>
      ) : (
        <FormAlert error={error} />
      )}
      <label>
        {t("common.email")}
        <input type="email" autoComplete="email" aria-invalid={!!formState.errors.email} {...register("email")} />
        <FieldMessage id={props.fieldId} error={formState.errors.email} />
      </label>
      <button className="button" type="submit" disabled={formState.isSubmitting}>{props.submitLabel}</button>
    </form>
  );
}
