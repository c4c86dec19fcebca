import Link from "next/link";
import { getT } from "@/lib/i18n/server";

/** Any page without a not-found of its own (e.g. a proposal one may not see): Korean, not Next.js's English default. */
export default async function NotFound() {
  const { t } = await getT();
  return (
    <>
      <title>{`${t("common.notFoundTitle")} | ${t("common.appName")}`}</title>
      <h1>{t("common.notFoundTitle")}</h1>
      <p className="alert alert-error" role="alert" data-testid="not-found">
        {t("common.notFoundBody")}
      </p>
      <Link href="/">{t("common.home")}</Link>
    </>
  );
}
