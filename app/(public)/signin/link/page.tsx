import { getT } from "@/lib/i18n/server";
import { LinkSignIn } from "./link-sign-in";
import { pageTitle } from "@/app/_components/metadata";

// Opening the mailed link only shows a button: a mail scanner's GET must not use up the link.
export const generateMetadata = pageTitle("auth.signInLinkOpenTitle");

export default async function SignInLinkPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const { t } = await getT();
  return (
    <>
      <h1>{t("auth.signInLinkOpenTitle")}</h1>
      <p className="lead">{t("auth.signInLinkOpenLead")}</p>
      <LinkSignIn token={typeof token === "string" ? token : ""} />
    </>
  );
}
