import { listCalls } from "@/lib/calls";
import { getT } from "@/lib/i18n/server";
import { CallCard } from "../_components/call-card";

export default async function HomePage() {
  const { locale, t } = await getT();
  const calls = await listCalls();
  return (
    <>
      <h1>{t("common.appName")}</h1>
      <p className="lead">{t("common.ministry")}</p>
      <section className="card">
        <h2>{t("calls.purposeTitle")}</h2>
        <ul className="purpose">
          <li>{t("calls.purpose1")}</li>
          <li>{t("calls.purpose2")}</li>
          <li>{t("calls.purpose3")}</li>
          <li>{t("calls.purpose4")}</li>
        </ul>
      </section>
      {calls.length === 0 && <p>{t("calls.none")}</p>}
      {calls.map((c) => (
        <CallCard key={c.id} call={c} locale={locale} />
      ))}
    </>
  );
}
