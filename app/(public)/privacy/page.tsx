import { localizeConsent, PRIVACY_POLICY } from "@/lib/consents/texts";
import { privacyOfficer } from "@/lib/consents/officer";
import { getT } from "@/lib/i18n/server";
import { PrivacyConsentTable } from "../../_components/consent-text";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("consent.privacyPageTitle");

/**
 * 개인정보 처리방침 (개인정보 보호법 제30조): the items, purposes and retention of each consent (the same
 * texts people accept), recipients, destruction, rights, safety measures and the privacy officer, whose
 * contact comes from the environment (PRIVACY_OFFICER_*; lib/consents/officer.ts).
 */
export default async function PrivacyPage() {
  const { locale, t } = await getT();
  const officer = privacyOfficer();
  const s = PRIVACY_POLICY.sections;
  const texts = [localizeConsent("privacy-registration", locale), localizeConsent("privacy-proposal", locale)];
  const unset = t("consent.officerUnset");
  return (
    <article className="legal" data-testid="privacy-page">
      <h1>{t("consent.privacyPageTitle")}</h1>
      <p className="lead">{t("consent.privacyPageLead")}</p>
      <p className="muted">{t("consent.version", { version: PRIVACY_POLICY.version })}</p>

      <h2>{t("consent.policyItems")}</h2>
      {texts.map((c) => (
        <PrivacyConsentTable key={c.id} text={c} caption={t("consent.privacyTableCaption", { title: c.title, version: c.version })} testId={`policy-${c.id}`} />
      ))}

      <h2>{t("consent.policyRecipients")}</h2>
      <p>{s.recipients[locale]}</p>
      <h2>{t("consent.policyDestruction")}</h2>
      <p>{s.destruction[locale]}</p>
      <h2>{t("consent.policyRights")}</h2>
      <p>{s.rights[locale]}</p>
      <h2>{t("consent.policySafety")}</h2>
      <p>{s.safety[locale]}</p>

      <h2>{t("consent.policyOfficer")}</h2>
      <dl className="facts card" data-testid="privacy-officer">
        <dt>{t("consent.officerName")}</dt>
        <dd>{officer.name ?? unset}</dd>
        <dt>{t("consent.officerDepartment")}</dt>
        <dd>{officer.department ?? unset}</dd>
        <dt>{t("consent.officerEmail")}</dt>
        <dd>{officer.email ? <a href={`mailto:${officer.email}`}>{officer.email}</a> : unset}</dd>
        <dt>{t("consent.officerPhone")}</dt>
        <dd>{officer.phone ?? unset}</dd>
      </dl>

      <h2>{t("consent.policyRemedies")}</h2>
      <p>{s.remedies[locale]}</p>
      <p className="muted">{t("consent.policyEffective", { date: PRIVACY_POLICY.version })}</p>
    </article>
  );
}
