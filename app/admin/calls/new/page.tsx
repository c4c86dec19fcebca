import Link from "next/link";
import { forbidden } from "next/navigation";
import { getT } from "@/lib/i18n/server";
import { requirePageActor } from "../../../_components/guard";
import { CallForm } from "../call-form";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("adminSettings.newCall");

export default async function NewCallPage() {
  const actor = await requirePageActor("/admin/calls/new");
  if (!actor.roles.includes("ADMIN")) forbidden();
  const { t } = await getT();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/admin/calls">{t("adminSettings.callsTitle")}</Link>
      </p>
      <h1>{t("adminSettings.newCall")}</h1>
      <p className="lead">{t("adminSettings.formLead")}</p>
      <CallForm />
    </>
  );
}
