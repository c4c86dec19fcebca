import { getTranslator, type Locale } from "@/lib/i18n";

/** What the program wants (PROGRAM.md), shown on the landing and call pages. */
export function ProgramPurpose({ locale }: { locale: Locale }) {
  const t = getTranslator(locale);
  return (
    <section className="card">
      <h2>{t("calls.purposeTitle")}</h2>
      <ul className="purpose">
        <li>{t("calls.purpose1")}</li>
        <li>{t("calls.purpose2")}</li>
        <li>{t("calls.purpose3")}</li>
        <li>{t("calls.purpose4")}</li>
      </ul>
    </section>
  );
}
