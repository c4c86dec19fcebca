"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { declarationSchema, declareConflictSchema } from "@/lib/reviews/schemas";
import { useTranslations } from "use-intl";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";

// The forms validate with the same schemas as the server (lib/reviews/schemas.ts).

export function DeclarationForm({ assignmentId, consortium }: { assignmentId: string; consortium: string }) {
  const t = useTranslations("review");
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, setError: setFieldError, formState } = useForm<{ noConflict: boolean; confidentiality: boolean }>({
    resolver: zodResolver(declarationSchema) as never,
    defaultValues: { noConflict: false, confidentiality: false },
  });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await sendJson("POST", `/api/v1/review/assignments/${assignmentId}/declaration`, values);
    if (!r.ok) {
      for (const [field, message] of Object.entries(r.error.fields ?? {})) setFieldError(field as "noConflict", { message });
      return setError(r.error);
    }
    router.refresh();
  });

  const box = (name: "noConflict" | "confidentiality", text: string) => {
    const err = formState.errors[name];
    return (
      <div className="decl-item">
        <label className="check">
          <input type="checkbox" aria-invalid={!!err} aria-describedby={`decl-${name}-error`} data-testid={`decl-${name}`} {...register(name)} />
          <span>{text}</span>
        </label>
        <FieldMessage id={`decl-${name}-error`} error={err} />
      </div>
    );
  };

  return (
    <form className="card declaration" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="h-declaration" data-testid="declaration-form">
      <h2 id="h-declaration">{t("declarationTitle")}</h2>
      <p>{t("declarationLead")}</p>
      <FormAlert error={error} />
      {box("noConflict", t("declNoConflict", { consortium }))}
      {box("confidentiality", t("declConfidentiality"))}
      <p className="muted" data-testid="decl-recorded">
        {t("declRecorded")}
      </p>
      <div className="actions">
        <button type="submit" className="button" disabled={formState.isSubmitting} data-testid="sign-declaration">
          {formState.isSubmitting ? t("declSigning") : t("declSign")}
        </button>
      </div>
    </form>
  );
}

export function ConflictForm({ assignmentId }: { assignmentId: string }) {
  const t = useTranslations("review");
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, setError: setFieldError, formState } = useForm<{ reason: string }>({ resolver: zodResolver(declareConflictSchema), defaultValues: { reason: "" } });
  const err = formState.errors.reason;

  const onSubmit = handleSubmit(async ({ reason }) => {
    if (!window.confirm(t("conflictConfirm"))) return;
    setError(null);
    const r = await sendJson("POST", `/api/v1/review/assignments/${assignmentId}/conflict`, { reason });
    if (!r.ok) {
      if (r.error.fields?.reason) setFieldError("reason", { message: r.error.fields.reason });
      return setError(r.error);
    }
    router.push("/review?notice=conflict");
  });

  return (
    <details className="card conflict" data-testid="conflict-section">
      <summary>
        <h2>{t("conflictTitle")}</h2>
      </summary>
      <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="conflict-form">
        <p className="muted">{t("conflictLead")}</p>
        <FormAlert error={error} />
        <div className="field">
          <label htmlFor="conflict-reason">{t("conflictReason")}</label>
          <span className="muted" id="conflict-reason-hint">
            {t("conflictReasonHint")}
          </span>
          <textarea id="conflict-reason" rows={3} aria-invalid={!!err} aria-describedby="conflict-reason-hint conflict-reason-error" {...register("reason")} />
          <FieldMessage id="conflict-reason-error" error={err} />
        </div>
        <div className="actions">
          <button type="submit" className="button danger" disabled={formState.isSubmitting} data-testid="declare-conflict">
            {formState.isSubmitting ? t("conflictSending") : t("conflictSubmit")}
          </button>
        </div>
      </form>
    </details>
  );
}
