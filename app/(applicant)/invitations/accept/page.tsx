import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { requirePageActor } from "../../../_components/guard";
import { AcceptInvitation } from "./accept-invitation";
import { pageTitle } from "@/app/_components/metadata";

// The link in the invitation mail. Signed-out visitors come back here (token included) after sign-in.
export const generateMetadata = pageTitle("consortium.acceptTitle");

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : "";
  const actor = await requirePageActor(`/invitations/accept${token ? `?token=${encodeURIComponent(token)}` : ""}`);
  const { t } = await getT();
  return (
    <>
      <h1>{t("consortium.acceptTitle")}</h1>
      <p className="lead">{t("consortium.acceptLead")}</p>
      <section className="card">
        <p data-testid="accept-signed-in-as">{t("consortium.acceptSignedInAs", { email: actor.email })}</p>
        {token ? (
          <AcceptInvitation token={token} />
        ) : (
          <p className="alert alert-error" role="alert" data-testid="form-error" data-code="TOKEN_INVALID">
            {t("consortium.acceptNoToken")}
          </p>
        )}
      </section>
      <p>
        <Link href="/consortia">{t("consortium.backToList")}</Link>
      </p>
    </>
  );
}
