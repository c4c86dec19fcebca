import { listCalls } from "@/lib/calls";
import { getT } from "@/lib/i18n/server";
import { ProgramPurpose } from "../_components/program-purpose";
import { CallCard } from "../_components/call-card";

export default async function HomePage() {
  const { locale, t } = await getT();
  const calls = await listCalls();
  return (
    <>
      <h1>{t("common.appName")}</h1>
      <p className="lead">{t("common.ministry")}</p>
      <ProgramPurpose locale={locale} />
      {calls.length === 0 && <p>{t("calls.none")}</p>}
      {calls.map((c) => (
        <CallCard key={c.id} call={c} locale={locale} />
      ))}
    </>
  );
}
