"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { z } from "zod";
import { createConsortiumSchema } from "@/lib/consortia/schemas";
import { FormAlert, sendJson, type ApiError } from "../../_components/form-kit";
import { Field, fieldProps, OrganizationFields, ShareField } from "./_components/fields";
import { shareValue } from "./_components/money";

type Input = z.input<typeof createConsortiumSchema>;
type Output = z.output<typeof createConsortiumSchema>;

export interface OpenCall {
  slug: string;
  title: string;
  closes: string;
}

/** `initialCall`: the open call the visitor came to apply to (the call page's 「신청하기」), chosen in advance. */
export function NewConsortiumForm({ calls, initialCall }: { calls: OpenCall[]; initialCall?: string }) {
  const t = useTranslations("consortium");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, watch, setError: setFieldError, formState } = useForm<Input, unknown, Output>({
    resolver: zodResolver(createConsortiumSchema),
    defaultValues: { callSlug: initialCall ?? (calls.length === 1 ? calls[0]!.slug : ""), name: "", lead: { name: "", businessRegNo: "", representativeName: "" }, responsibility: "", budgetShareKrw: undefined },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    // The page's language for the API's field messages too.
    const r = await sendJson<{ id: string }>("POST", "/api/v1/consortia", values, { "accept-language": locale });
    if (r.ok) {
      router.push(`/consortia/${r.data.id}`);
      return;
    }
    setError(r.error);
    Object.entries(r.error.fields ?? {}).forEach(([field, message], i) => setFieldError(field as Path<Input>, { message }, { shouldFocus: i === 0 }));
  });

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate data-testid="new-consortium-form" aria-labelledby="new-consortium-title">
      <FormAlert error={error} />
      <Field id="nc-callSlug" label={t("call")} error={errors.callSlug} className="span-all">
        <select {...fieldProps("nc-callSlug", errors.callSlug)} {...register("callSlug")}>
          <option value="" disabled>
            {t("choose")}
          </option>
          {calls.map((c) => (
            <option key={c.slug} value={c.slug}>
              {t("callOption", { title: c.title, closes: c.closes })}
            </option>
          ))}
        </select>
      </Field>
      <Field id="nc-name" label={t("name")} error={errors.name} className="span-all">
        <input {...fieldProps("nc-name", errors.name)} {...register("name")} />
      </Field>
      <fieldset className="group span-all">
        <legend>{t("leadOrganization")}</legend>
        <div className="form-grid wide-cells">
          <OrganizationFields idPrefix="nc-lead" reg={(f) => register(`lead.${f}`)} errors={errors.lead} />
        </div>
      </fieldset>
      <ShareField id="nc-share" label={t("leadShareInput")} hint={t("leadShareHint")} value={watch("budgetShareKrw")} error={errors.budgetShareKrw} registration={register("budgetShareKrw", { setValueAs: shareValue })} />
      <Field id="nc-responsibility" label={t("responsibility")} hint={t("responsibilityHint")} error={errors.responsibility} className="span-all">
        <textarea rows={2} {...fieldProps("nc-responsibility", errors.responsibility, true)} {...register("responsibility")} />
      </Field>
      <p className="muted span-all">{t("newOwnerNote")}</p>
      <div className="span-all">
        <button className="button" type="submit" disabled={isSubmitting} data-testid="create-consortium">
          {t("create")}
        </button>
      </div>
    </form>
  );
}
