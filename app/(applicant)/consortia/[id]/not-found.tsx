import Link from "next/link";
import { getT } from "@/lib/i18n/server";

export default async function ConsortiumNotFound() {
  const { t } = await getT();
  return (
    <>
      <h1>{t("consortium.notFoundTitle")}</h1>
      <p className="alert alert-error" role="alert" data-testid="not-found">
        {t("consortium.notFoundBody")}
      </p>
      <Link href="/consortia">{t("consortium.backToList")}</Link>
    </>
  );
}
