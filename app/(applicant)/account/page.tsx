import { listAccessTokens } from "@/lib/auth/access-tokens";
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
    </>
  );
}
