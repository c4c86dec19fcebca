import { localizeConsent } from "@/lib/consents/texts";
import { getT } from "@/lib/i18n/server";
import { TermsSections } from "../../_components/consent-text";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("consent.footerTerms");

/** 이용약관, the current version (lib/consents/texts.ts). Public: linked from the footer and the register form. */
export default async function TermsPage() {
  const { locale, t } = await getT();
  const terms = localizeConsent("terms", locale);
  return (
    <article className="legal" data-testid="terms-page">
      <h1>{terms.title}</h1>
      <p className="lead">{t("consent.termsPageLead")}</p>
      <p className="muted" data-testid="terms-version">{t("consent.version", { version: terms.version })}</p>
      <TermsSections text={terms} headingLevel={2} />
    </article>
  );
}
