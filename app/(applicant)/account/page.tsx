import { getT } from "@/lib/i18n/server";
import { requirePageActor } from "../../_components/guard";
import { SignOutButton } from "../../_components/sign-out-button";

export default async function AccountPage() {
  const actor = await requirePageActor("/account");
  const { t } = await getT();
  return (
    <>
      <h1>{t("auth.account")}</h1>
      <dl className="facts card">
        <dt>{t("common.name")}</dt>
        <dd>{actor.name}</dd>
        <dt>{t("common.email")}</dt>
        <dd data-testid="account-email">{actor.email}</dd>
        <dt>{t("auth.roles")}</dt>
        <dd>{actor.roles.map((r) => t(`auth.role${r}`)).join(", ")}</dd>
      </dl>
      <p className="muted">{t("auth.signOutEverywhere")}: <SignOutButton /></p>
    </>
  );
}
