import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { Forbidden, requirePageActor } from "../../../_components/guard";
import { CallForm } from "../call-form";

export default async function NewCallPage() {
  const actor = await requirePageActor("/admin/calls/new");
  if (!actor.roles.includes("ADMIN")) return <Forbidden />;
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
