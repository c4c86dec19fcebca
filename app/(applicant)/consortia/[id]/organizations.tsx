"use client";

import { particle } from "@/lib/text/particle";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { useForm, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { z } from "zod";
import type { ConsortiumOrgRole, OrganizationType } from "@/lib/db/generated/enums";
import { updateOrganizationSchema } from "@/lib/consortia/schemas";
import { FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { useConfirm } from "../../../_components/confirm-dialog";
import { Field, fieldProps, ShareField } from "../_components/fields";
import { shareValue } from "../_components/money";
import { hangulLang } from "@/lib/text";

export interface OrgRow {
  id: string;
  name: string;
  role: ConsortiumOrgRole;
  businessRegNo: string;
  type: OrganizationType;
  representativeName: string;
  responsibility: string;
  budgetShareKrw: number;
  shareText: string;
  confirmed: boolean;
  confirmedAtText: string | null;
  confirmedShareText: string | null;
}

/**
 * The consortium's organisations. A person confirms the organisation they act for; the owner edits
 * parts and shares and removes participants (never the lead).
 */
export function OrganizationsTable({ consortiumId, rows, myOrganizationId, canManage }: { consortiumId: string; rows: OrgRow[]; myOrganizationId: string | null; canManage: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const base = `/api/v1/consortia/${consortiumId}/organizations`;
  const withActions = canManage || myOrganizationId !== null;
  const columns = withActions ? 6 : 5;

  async function run(method: string, url: string) {
    setError(null);
    setBusy(true);
    const r = await sendJson(method, url, undefined, { "accept-language": locale });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    router.refresh();
  }

  async function remove(o: OrgRow) {
    setEditing(null);
    const ok = await confirm({ title: t("confirm.removeOrgTitle"), body: <p>{t("confirm.removeOrgBody", { org: o.name, share: o.shareText, eul: particle(o.name, "을/를") })}</p>, confirmLabel: t("confirm.removeOrgYes") });
    if (ok) await run("DELETE", `${base}/${o.id}`);
  }

  return (
    <>
      <FormAlert error={error} />
      <table className="responsive orgs" data-testid="organizations">
        <thead>
          <tr>
            <th scope="col">{t("consortium.orgRole")}</th>
            <th scope="col">{t("consortium.orgName")}</th>
            <th scope="col">{t("consortium.responsibility")}</th>
            <th scope="col" className="num nowrap">{t("consortium.share")}</th>
            <th scope="col" className="nowrap">{t("consortium.confirmation")}</th>
            {withActions && (
              <th scope="col">
                <span className="sr-only">{t("consortium.actions")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <Fragment key={o.id}>
              <tr data-testid={`org-row-${o.businessRegNo}`} data-role={o.role} data-confirmed={o.confirmed}>
                <td data-label={t("consortium.orgRole")}>
                  <span className={`badge badge-${o.role}`}>{t(`enums.orgRole.${o.role}`)}</span>
                </td>
                <td data-label={t("consortium.orgName")}>
                  <strong lang={hangulLang(o.name)}>{o.name}</strong>
                  <div className="org-meta muted">
                    <span>
                      {t("consortium.businessRegNo")} <span className="nowrap" data-testid="org-brn">{o.businessRegNo}</span>
                    </span>
                    <span>{t(`enums.orgType.${o.type}`)}</span>
                    <span>
                      {t("consortium.representative")} <span lang={hangulLang(o.representativeName)}>{o.representativeName}</span>
                    </span>
                  </div>
                </td>
                <td data-label={t("consortium.responsibility")} className="prewrap">{o.responsibility || <span className="muted">—</span>}</td>
                <td data-label={t("consortium.share")} className="num nowrap" data-testid="org-share">{o.shareText}</td>
                <td data-label={t("consortium.confirmation")} data-testid="org-confirmation">
                  {o.confirmed ? (
                    <span className="status-ok">{t("consortium.confirmedAt", { at: o.confirmedAtText ?? "" })}</span>
                  ) : o.confirmedAtText ? (
                    <span className="status-warn">{t("consortium.reconfirmNeeded", { confirmed: o.confirmedShareText ?? "", current: o.shareText, iga: particle(o.confirmedShareText ?? "", "이/가"), ro: particle(o.shareText, "으로/로") })}</span>
                  ) : (
                    <span className="status-none">{t("consortium.unconfirmed")}</span>
                  )}
                </td>
                {withActions && (
                  <td>
                    <div className="row-actions">
                      {o.id === myOrganizationId && !o.confirmed && (
                        <>
                          <button
                            type="button"
                            className="button small"
                            disabled={busy}
                            onClick={() => void run("POST", `${base}/${o.id}/confirm`)}
                            aria-describedby={`confirm-note-${o.id}`}
                            title={t("consortium.confirmStatement", { org: o.name, share: o.shareText, eul: particle(o.name, "을/를"), shareEul: particle(o.shareText, "을/를") })}
                            data-testid="confirm-participation"
                          >
                            {o.confirmedAtText ? t("consortium.reconfirm") : t("consortium.confirm")}
                          </button>
                          <span className="sr-only" id={`confirm-note-${o.id}`}>
                            {t("consortium.confirmStatement", { org: o.name, share: o.shareText, eul: particle(o.name, "을/를"), shareEul: particle(o.shareText, "을/를") })}
                          </span>
                        </>
                      )}
                      {canManage && (
                        <button
                          type="button"
                          className="button secondary small"
                          disabled={busy}
                          onClick={() => setEditing(editing === o.id ? null : o.id)}
                          aria-expanded={editing === o.id}
                          data-testid="edit-org"
                        >
                          {t("consortium.edit")}
                        </button>
                      )}
                      {canManage && o.role === "PARTICIPANT" && (
                        <button
                          type="button"
                          className="button danger-outline small"
                          disabled={busy}
                          onClick={() => void remove(o)}
                          data-testid="remove-org"
                        >
                          {t("consortium.remove")}
                        </button>
                      )}
                    </div>
                  </td>
                )}
              </tr>
              {editing === o.id && (
                <tr className="row-panel">
                  <td colSpan={columns}>
                    <EditOrganization
                      url={`${base}/${o.id}`}
                      row={o}
                      onDone={() => {
                        setEditing(null);
                        router.refresh();
                      }}
                      onCancel={() => setEditing(null)}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {dialog}
    </>
  );
}

type EditInput = z.input<typeof updateOrganizationSchema>;
type EditOutput = z.output<typeof updateOrganizationSchema>;

function EditOrganization({ url, row, onDone, onCancel }: { url: string; row: OrgRow; onDone: () => void; onCancel: () => void }) {
  const t = useTranslations("consortium");
  const locale = useLocale();
  const [error, setError] = useState<ApiError | null>(null);
  const { register, handleSubmit, watch, setError: setFieldError, formState } = useForm<EditInput, unknown, EditOutput>({
    resolver: zodResolver(updateOrganizationSchema),
    defaultValues: { responsibility: row.responsibility, budgetShareKrw: row.budgetShareKrw },
  });
  const { errors, isSubmitting } = formState;
  const share = watch("budgetShareKrw");
  const id = `edit-${row.id}`;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const r = await sendJson("PATCH", url, values, { "accept-language": locale });
    if (r.ok) return onDone();
    setError(r.error);
    Object.entries(r.error.fields ?? {}).forEach(([f, message]) => setFieldError(f as Path<EditInput>, { message }));
  });

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate data-testid="edit-org-form" aria-label={t("editTitle", { org: row.name })}>
      <p className="span-all" style={{ margin: 0 }}>
        <strong>{t("editTitle", { org: row.name })}</strong>
      </p>
      <FormAlert error={error} />
      <Field id={`${id}-responsibility`} label={t("responsibility")} error={errors.responsibility} className="span-all">
        <textarea rows={2} {...fieldProps(`${id}-responsibility`, errors.responsibility)} {...register("responsibility")} />
      </Field>
      <ShareField id={`${id}-share`} value={share} error={errors.budgetShareKrw} registration={register("budgetShareKrw", { setValueAs: shareValue })} />
      {row.confirmedAtText && <p className="muted span-all">{t("shareChangeWarning")}</p>}
      <div className="actions span-all">
        <button className="button" type="submit" disabled={isSubmitting} data-testid="save-org">
          {t("save")}
        </button>
        <button className="button secondary" type="button" onClick={onCancel}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}
