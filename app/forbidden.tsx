import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { Forbidden } from "./_components/guard";

/**
 * What forbidden() renders (403), inside the root layout's header and footer: a signed-in user without
 * the role a page needs, e.g. a non-admin anywhere under /admin. Anonymous visitors never get here;
 * they are sent to sign-in first.
 */
export default async function ForbiddenPage() {
  const { t } = await getT();
  return (
    <>
      <title>{`${t("common.forbiddenTitle")} | ${t("common.appName")}`}</title>
      <h1>{t("common.forbiddenTitle")}</h1>
      <Forbidden />
      <p>
        <Link href="/" data-testid="forbidden-home">{t("common.home")}</Link>
      </p>
    </>
  );
}
