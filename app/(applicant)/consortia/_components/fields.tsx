"use client";

import type { FieldError, FieldErrors, UseFormRegisterReturn } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { z } from "zod";
import { ORGANIZATION_TYPES, type organizationSchema } from "@/lib/consortia/schemas";
import { FieldMessage } from "../../../_components/form-kit";
import { formatShare } from "./money";

/** The attributes that tie an input to its label, hint and error message. */
export function fieldProps(id: string, error: unknown, hint = false) {
  return {
    id,
    "aria-invalid": Boolean(error),
    "aria-describedby": [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" "),
  };
}

/** Label, control, hint and error of one field; the control carries fieldProps(id, …). */
export function Field({ id, label, hint, error, children, className }: { id: string; label: string; hint?: string; error?: FieldError | { message?: string }; children: React.ReactNode; className?: string }) {
  return (
    <div className={`field${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <span className="muted" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <FieldMessage id={`${id}-error`} error={error} />
    </div>
  );
}

type OrgField = "name" | "businessRegNo" | "type" | "representativeName";
type OrgInput = z.input<typeof organizationSchema>;

/** An organisation's name, 사업자등록번호, type and representative (lead or participant). */
export function OrganizationFields({ idPrefix, reg, errors }: { idPrefix: string; reg: (f: OrgField) => UseFormRegisterReturn; errors?: FieldErrors<OrgInput> }) {
  const t = useTranslations();
  const id = (f: OrgField) => `${idPrefix}-${f}`;
  return (
    <>
      <Field id={id("name")} label={t("consortium.orgName")} error={errors?.name}>
        <input autoComplete="organization" {...fieldProps(id("name"), errors?.name)} {...reg("name")} />
      </Field>
      <Field id={id("businessRegNo")} label={t("consortium.businessRegNo")} hint={t("consortium.businessRegNoHint")} error={errors?.businessRegNo}>
        <input inputMode="numeric" placeholder="000-00-00000" maxLength={20} {...fieldProps(id("businessRegNo"), errors?.businessRegNo, true)} {...reg("businessRegNo")} />
      </Field>
      <Field id={id("type")} label={t("consortium.orgType")} error={errors?.type}>
        <select defaultValue="" {...fieldProps(id("type"), errors?.type)} {...reg("type")}>
          <option value="" disabled>
            {t("consortium.choose")}
          </option>
          {ORGANIZATION_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`enums.orgType.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id("representativeName")} label={t("consortium.representative")} error={errors?.representativeName}>
        <input {...fieldProps(id("representativeName"), errors?.representativeName)} {...reg("representativeName")} />
      </Field>
    </>
  );
}

/** A budget share in KRW with what was understood written out ("= 200억 원"). */
export function ShareField({ id, value, registration, error, label, hint }: { id: string; value: unknown; registration: UseFormRegisterReturn; error?: FieldError; label?: string; hint?: string }) {
  const t = useTranslations("consortium");
  const locale = useLocale();
  const shown = error;
  return (
    <Field id={id} label={label ?? t("shareInput")} hint={hint ?? t("shareHint")} error={shown}>
      <input autoComplete="off" {...fieldProps(id, shown, true)} {...registration} />
      {typeof value === "number" && Number.isFinite(value) && (
        <span className="share-preview" data-testid={`${id}-preview`}>
          = {formatShare(value, locale)}
        </span>
      )}
    </Field>
  );
}
