"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { z } from "zod";
import type { MemberRole } from "@/lib/db/generated/enums";
import { inviteSchema, MEMBER_ROLES } from "@/lib/consortia/schemas";
import { FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { Field, fieldProps } from "../_components/fields";
import { useConfirm } from "../../../_components/confirm-dialog";
import { hangulLang } from "@/lib/text";

type Input = z.input<typeof inviteSchema>;

/** The owner invites a person by email to act for one of the consortium's organisations. */
export function InviteForm({ consortiumId, organizations }: { consortiumId: string; organizations: { id: string; name: string }[] }) {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const empty: Input = { email: "", organizationId: organizations.length === 1 ? organizations[0]!.id : "", role: "EDITOR" };
  const { register, handleSubmit, reset, setError: setFieldError, formState } = useForm<Input>({ resolver: zodResolver(inviteSchema), defaultValues: empty });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSent(null);
    const r = await sendJson<{ email: string }>("POST", `/api/v1/consortia/${consortiumId}/invitations`, values, { "accept-language": locale });
    if (r.ok) {
      setSent(r.data.email);
      reset(empty);
      router.refresh();
      return;
    }
    setError(r.error);
    Object.entries(r.error.fields ?? {}).forEach(([f, message], i) => setFieldError(f as Path<Input>, { message }, { shouldFocus: i === 0 }));
  });

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate data-testid="invite-form" aria-labelledby="invite-title">
      <FormAlert error={error} />
      {sent && (
        <p className="alert alert-ok" role="status" data-testid="invite-sent">
          {t("consortium.inviteSent", { email: sent })}
        </p>
      )}
      <Field id="inv-email" label={t("consortium.email")} error={errors.email}>
        <input type="email" autoComplete="off" {...fieldProps("inv-email", errors.email)} {...register("email")} />
      </Field>
      <Field id="inv-org" label={t("consortium.memberOrg")} error={errors.organizationId}>
        <select {...fieldProps("inv-org", errors.organizationId)} {...register("organizationId")}>
          <option value="" disabled>
            {t("consortium.choose")}
          </option>
          {organizations.map((o) => (
            <option key={o.id} value={o.id} lang={hangulLang(o.name)}>
              {o.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="inv-role" label={t("consortium.role")} error={errors.role}>
        <select {...fieldProps("inv-role", errors.role)} {...register("role")}>
          {MEMBER_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`enums.memberRole.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="span-all">
        <button className="button" type="submit" disabled={isSubmitting} data-testid="send-invite">
          {t("consortium.sendInvite")}
        </button>
      </div>
    </form>
  );
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: MemberRole;
  organization: string;
  expires: string;
  expired: boolean;
}

export function PendingInvitations({ consortiumId, invitations, canRevoke }: { consortiumId: string; invitations: PendingInvitation[]; canRevoke: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();

  async function revoke(i: PendingInvitation) {
    const { id } = i;
    if (!(await confirm({ title: t("confirm.revokeTitle"), body: <p>{t("confirm.revokeBody", { email: i.email, org: i.organization })}</p>, confirmLabel: t("confirm.revokeYes") }))) return;
    setError(null);
    setBusy(id);
    const r = await sendJson("DELETE", `/api/v1/consortia/${consortiumId}/invitations/${id}`, undefined, { "accept-language": locale });
    setBusy(null);
    if (!r.ok) return setError(r.error);
    router.refresh();
  }

  if (invitations.length === 0) return <p className="muted" data-testid="no-pending-invitations">{t("consortium.noPending")}</p>;
  return (
    <>
      <FormAlert error={error} />
      <table className="responsive" data-testid="pending-invitations">
        <thead>
          <tr>
            <th scope="col">{t("consortium.email")}</th>
            <th scope="col">{t("consortium.memberOrg")}</th>
            <th scope="col">{t("consortium.role")}</th>
            <th scope="col">{t("consortium.expires")}</th>
            {canRevoke && <th scope="col"><span className="sr-only">{t("consortium.actions")}</span></th>}
          </tr>
        </thead>
        <tbody>
          {invitations.map((i) => (
            <tr key={i.id} data-testid="invitation-row">
              <td data-label={t("consortium.email")} className="break">{i.email}</td>
              <td data-label={t("consortium.memberOrg")} lang={hangulLang(i.organization)}>{i.organization}</td>
              <td data-label={t("consortium.role")}>{t(`enums.memberRole.${i.role}`)}</td>
              <td data-label={t("consortium.expires")}>
                {i.expires}
                {i.expired && <div className="status-warn">{t("consortium.invitationExpired")}</div>}
              </td>
              {canRevoke && (
                <td className="actions-cell">
                  <button type="button" className="button danger-outline small" disabled={busy !== null} onClick={() => void revoke(i)} data-testid="revoke-invitation" aria-label={t("consortium.revokeFor", { email: i.email })}>
                    {t("consortium.revoke")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {dialog}
    </>
  );
}
