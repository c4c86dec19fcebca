import Link from "next/link";
import { listAccessTokens } from "@/lib/auth/access-tokens";
import { CONSENT_TEXTS, type ConsentId } from "@/lib/consents/texts";
import { db } from "@/lib/db/client";
import { appOrigin } from "@/lib/http/context";
import { getT } from "@/lib/i18n/server";
import { now } from "@/lib/time/clock";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../_components/guard";
import { SignOutEverywhereButton } from "../../_components/sign-out-everywhere-button";
import { TokensSection, type TokenRow } from "./tokens-section";
import { pageTitle } from "@/app/_components/metadata";
import { hangulLang } from "@/lib/text";

export const generateMetadata = pageTitle("auth.account");

export default async function AccountPage() {
  const actor = await requirePageActor("/account");
  const { locale, t } = await getT();
  const at = now();
  const fmt = (iso: string | null) => (iso ? formatKstDateTime(new Date(iso), locale) : null);
  const tokens: TokenRow[] = (await listAccessTokens(actor)).map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created: fmt(k.createdAt)!,
    expires: fmt(k.expiresAt),
    lastUsed: fmt(k.lastUsedAt),
    revoked: fmt(k.revokedAt),
    expired: k.expiresAt !== null && new Date(k.expiresAt) <= at,
  }));
  // The person's own consents (decision 019): which text, which version, when.
  const consents = await db.consent.findMany({
    where: { userId: actor.id },
    orderBy: { acceptedAt: "desc" },
    take: 100,
    select: { id: true, consentId: true, version: true, acceptedAt: true, proposalId: true },
  });
  const titleOf = (id: string) => CONSENT_TEXTS[id as ConsentId]?.title[locale] ?? id;
  return (
    <>
      <h1>{t("auth.account")}</h1>
      <dl className="facts card">
        <dt>{t("common.name")}</dt>
        <dd lang={hangulLang(actor.name)}>{actor.name}</dd>
        <dt>{t("common.email")}</dt>
        <dd data-testid="account-email">{actor.email}</dd>
        <dt>{t("auth.roles")}</dt>
        <dd>{actor.roles.map((r) => t(`auth.role${r}`)).join(", ")}</dd>
      </dl>
      <SignOutEverywhereButton />
      <TokensSection tokens={tokens} origin={appOrigin()} />
      <section className="card" aria-labelledby="consents-title" data-testid="account-consents">
        <h2 id="consents-title">{t("consent.accountTitle")}</h2>
        <p className="muted">{t("consent.accountLead")}</p>
        {consents.length === 0 ? (
          <p className="muted">{t("consent.accountNone")}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("consent.colConsent")}</th>
                  <th scope="col">{t("consent.colVersion")}</th>
                  <th scope="col">{t("consent.colAcceptedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {consents.map((c) => (
                  <tr key={c.id} data-consent={c.consentId}>
                    <td>
                      {c.consentId === "terms" ? <Link href="/terms">{titleOf(c.consentId)}</Link> : c.proposalId ? <Link href={`/proposals/${c.proposalId}`}>{titleOf(c.consentId)}</Link> : <Link href="/privacy">{titleOf(c.consentId)}</Link>}
                    </td>
                    <td>{c.version}</td>
                    <td>{formatKstDateTime(c.acceptedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
