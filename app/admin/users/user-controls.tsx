"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { z } from "zod";
import { createStaffUserSchema } from "@/lib/auth/schemas";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../_components/form-kit";
import { Field, fieldProps } from "../../(applicant)/consortia/_components/fields";
import { useConfirm } from "../../_components/confirm-dialog";

const ROLES = ["APPLICANT", "REVIEWER", "ADMIN"] as const;
type Role = (typeof ROLES)[number];

/** One user's roles (checkboxes) and disable/enable, through PATCH /api/v1/admin/users/{id}. */
export function UserControls({ id, email, name, roles, disabled, self }: { id: string; email: string; name: string; roles: Role[]; disabled: boolean; self: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [chosen, setChosen] = useState<Role[]>(roles);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, dialog] = useConfirm();
  const changed = chosen.length !== roles.length || chosen.some((r) => !roles.includes(r));

  async function patch(body: { roles?: Role[]; disabled?: boolean }) {
    setError(null);
    setBusy(true);
    const r = await sendJson("PATCH", `/api/v1/admin/users/${id}`, body, { "accept-language": locale });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    router.refresh();
  }

  // Suspending signs the user out and revokes their tokens: it asks first. Enabling again does not.
  async function toggleDisabled() {
    if (!disabled && !(await confirm({ title: t("confirm.disableUserTitle"), body: <p>{t("confirm.disableUserBody", { email, name })}</p>, confirmLabel: t("confirm.disableUserYes") }))) return;
    await patch({ disabled: !disabled });
  }

  return (
    <div className="user-controls" data-testid="user-controls">
      <fieldset className="plain">
        <legend className="sr-only">{t("auth.roles")}</legend>
        <div className="role-checks" style={{ display: "flex", flexWrap: "wrap", gap: "0 14px" }}>
          {ROLES.map((role) => (
            <label key={role} className="check nowrap" style={{ margin: "4px 0" }}>
              <input
                type="checkbox"
                checked={chosen.includes(role)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, role] : c.filter((x) => x !== role)))}
                data-testid={`role-${role}`}
              />
              {t(`auth.role${role}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row-actions" style={{ justifyContent: "flex-start" }}>
        <button type="button" className="button" disabled={busy || !changed || chosen.length === 0} onClick={() => void patch({ roles: [...chosen] })} data-testid="roles-save">
          {t("adminSettings.saveRoles")}
        </button>
        <button type="button" className="button secondary" disabled={busy || self} onClick={() => void toggleDisabled()} data-testid={disabled ? "user-enable" : "user-disable"}>
          {disabled ? t("adminSettings.enable") : t("adminSettings.disable")}
        </button>
      </div>
      {chosen.length === 0 && <FieldMessage id={`roles-${id}-error`} error={{ message: "required" }} />}
      <FormAlert error={error} />
      {dialog}
    </div>
  );
}

type InviteInput = z.input<typeof createStaffUserSchema>;
type InviteOutput = z.output<typeof createStaffUserSchema>;

/** Creates a reviewer (or admin) account; its owner chooses a password through the invitation mail. */
export function InviteForm() {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [invited, setInvited] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError: setFieldError, formState } = useForm<InviteInput, unknown, InviteOutput>({
    resolver: zodResolver(createStaffUserSchema),
    defaultValues: { email: "", name: "", roles: ["REVIEWER"], locale: "ko" },
  });
  const { errors, isSubmitting } = formState;
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setInvited(null);
    const r = await sendJson<{ email: string }>("POST", "/api/v1/admin/users", values, { "accept-language": locale });
    if (!r.ok) {
      setError(r.error);
      Object.entries(r.error.fields ?? {}).forEach(([f, message]) => setFieldError(f as Path<InviteInput>, { message }));
      return;
    }
    setInvited(r.data.email);
    reset();
    router.refresh();
  });
  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate data-testid="invite-form">
      <Field id="inv-email" label={t("common.email")} error={errors.email}>
        <input type="email" autoComplete="off" {...fieldProps("inv-email", errors.email)} {...register("email")} data-testid="invite-email" />
      </Field>
      <Field id="inv-name" label={t("common.name")} error={errors.name}>
        <input autoComplete="off" {...fieldProps("inv-name", errors.name)} {...register("name")} data-testid="invite-name" />
      </Field>
      <fieldset className="plain">
        <legend style={{ fontWeight: 500 }}>{t("auth.roles")}</legend>
        <div className="role-checks" style={{ display: "flex", flexWrap: "wrap", gap: "0 14px" }}>
          {(["REVIEWER", "ADMIN"] as const).map((role) => (
            <label key={role} className="check nowrap" style={{ margin: "4px 0" }}>
              <input type="checkbox" value={role} {...register("roles")} data-testid={`invite-role-${role}`} />
              {t(`auth.role${role}`)}
            </label>
          ))}
        </div>
        <FieldMessage id="inv-roles-error" error={errors.roles as { message?: string } | undefined} />
      </fieldset>
      <Field id="inv-locale" label={t("adminSettings.mailLanguage")} error={errors.locale}>
        <select {...fieldProps("inv-locale", errors.locale)} {...register("locale")}>
          <option value="ko">한국어</option>
          <option value="en">English</option>
        </select>
      </Field>
      <FormAlert error={error} />
      {invited && (
        <p className="alert alert-ok span-all" role="status" data-testid="invite-sent">
          {t("adminSettings.invited", { email: invited })}
        </p>
      )}
      <div className="span-all">
        <button className="button" type="submit" disabled={isSubmitting} data-testid="invite-submit">
          {t("adminSettings.inviteSubmit")}
        </button>
      </div>
    </form>
  );
}
