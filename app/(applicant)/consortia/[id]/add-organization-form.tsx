"use client";

import { particle } from "@/lib/text/particle";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { z } from "zod";
import { addOrganizationSchema } from "@/lib/consortia/schemas";
import { FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { Field, fieldProps, OrganizationFields, ShareField } from "../_components/fields";
import { shareValue } from "../_components/money";

type Input = z.input<typeof addOrganizationSchema>;
type Output = z.output<typeof addOrganizationSchema>;

// The type select starts on its "choose" option, which the schema refuses until one is picked.
const EMPTY: Input = { organization: { name: "", businessRegNo: "", type: "" as Input["organization"]["type"], representativeName: "" }, responsibility: "", budgetShareKrw: undefined };

export function AddOrganizationForm({ consortiumId }: { consortiumId: string }) {
  // After 참여기관 추가 the form starts afresh: a new form (its inputs too, the share among them) for the next one.
  const [round, setRound] = useState(0);
  const [added, setAdded] = useState<string | null>(null);
  return (
    <OneOrganizationForm
      key={round}
      consortiumId={consortiumId}
      added={added}
      onAdded={(name) => {
        setAdded(name);
        setRound((n) => n + 1);
      }}
      onStart={() => setAdded(null)}
    />
  );
}

function OneOrganizationForm({ consortiumId, added, onAdded, onStart }: { consortiumId: string; added: string | null; onAdded: (name: string) => void; onStart: () => void }) {
  const t = useTranslations("consortium");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, watch, setError: setFieldError, formState } = useForm<Input, unknown, Output>({
    resolver: zodResolver(addOrganizationSchema),
    defaultValues: EMPTY,
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    onStart();
    const r = await sendJson("POST", `/api/v1/consortia/${consortiumId}/organizations`, values, { "accept-language": locale });
    if (r.ok) {
      onAdded(values.organization.name);
      router.refresh();
      return;
    }
    setError(r.error);
    Object.entries(r.error.fields ?? {}).forEach(([f, message], i) => setFieldError(f as Path<Input>, { message }, { shouldFocus: i === 0 }));
  });

  return (
    <form className="form-grid wide-cells" onSubmit={onSubmit} noValidate data-testid="add-org-form" aria-labelledby="add-org-title">
      <FormAlert error={error} />
      {added && (
        <p className="alert alert-ok span-all" role="status" data-testid="org-added">
          {t("orgAdded", { org: added, eul: particle(added, "을/를") })}
        </p>
      )}
      <OrganizationFields idPrefix="ao" reg={(f) => register(`organization.${f}`)} errors={errors.organization} />
      <ShareField id="ao-share" value={watch("budgetShareKrw")} error={errors.budgetShareKrw} registration={register("budgetShareKrw", { setValueAs: shareValue })} />
      <Field id="ao-responsibility" label={t("responsibility")} hint={t("responsibilityHint")} error={errors.responsibility} className="span-all">
        <textarea rows={2} {...fieldProps("ao-responsibility", errors.responsibility, true)} {...register("responsibility")} />
      </Field>
      <div className="span-all">
        <button className="button" type="submit" disabled={isSubmitting} data-testid="add-org">
          {t("addOrg")}
        </button>
      </div>
    </form>
  );
}
