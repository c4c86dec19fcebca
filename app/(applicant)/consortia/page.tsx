import Link from "next/link";
import { callSlugSchema, listCalls } from "@/lib/calls";
import { listMyConsortia } from "@/lib/consortia/get-consortium";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../_components/guard";
import { NewConsortiumForm } from "./new-consortium-form";
import { pageTitle } from "@/app/_components/metadata";
import { hangulLang } from "@/lib/text";

export const generateMetadata = pageTitle("consortium.title");

export default async function MyConsortiaPage({ searchParams }: { searchParams: Promise<{ call?: string | string[] }> }) {
  // ?call={slug}: the call page's 「신청하기」 — that call is chosen in the new-consortium form, also after sign-in.
  const asked = (await searchParams).call;
  const wanted = typeof asked === "string" && callSlugSchema.safeParse(asked).success ? asked : undefined;
  const actor = await requirePageActor(wanted ? `/consortia?call=${encodeURIComponent(wanted)}` : "/consortia");
  const { locale, t } = await getT();
  const [mine, calls] = await Promise.all([listMyConsortia(actor), listCalls()]);
  const open = calls
    .filter((c) => c.state === "OPEN")
    .map((c) => ({ slug: c.slug, title: locale === "ko" ? c.titleKo : c.titleEn, closes: formatKstDateTime(new Date(c.closesAt), locale) }));
  const isApplicant = actor.roles.includes("APPLICANT");
  return (
    <>
      <h1>{t("consortium.title")}</h1>
      <p className="lead">{t("consortium.listLead")}</p>
      {mine.length === 0 ? (
        <p className="alert alert-info" data-testid="consortia-empty">
          {t("consortium.listEmpty")}
        </p>
      ) : (
        <table className="responsive" data-testid="my-consortia">
          <caption className="sr-only">{t("consortium.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("consortium.colConsortium")}</th>
              <th scope="col">{t("consortium.call")}</th>
              <th scope="col">{t("consortium.myRole")}</th>
              <th scope="col">{t("consortium.leadOrganization")}</th>
              <th scope="col">{t("consortium.proposal")}</th>
            </tr>
          </thead>
          <tbody>
            {mine.map((c) => (
              <tr key={c.id} data-testid={`consortium-row-${c.id}`}>
                <td data-label={t("consortium.colConsortium")}>
                  <Link href={`/consortia/${c.id}`} lang={hangulLang(c.name)}>{c.name}</Link>
                </td>
                <td data-label={t("consortium.call")}>
                  {locale === "ko" ? c.call.titleKo : c.call.titleEn}
                  <div className="muted">
                    {t("consortium.closesShort", { at: formatKstDateTime(new Date(c.call.closesAt), locale) })}
                  </div>
                </td>
                <td data-label={t("consortium.myRole")}>{t(`enums.memberRole.${c.myRole}`)}</td>
                <td data-label={t("consortium.leadOrganization")} lang={hangulLang(c.leadOrganization)}>{c.leadOrganization}</td>
                <td data-label={t("consortium.proposal")}>
                  {c.proposal ? (
                    <Link href={`/proposals/${c.proposal.id}`} data-testid="proposal-link">
                      {t(`enums.proposalStatus.${c.proposal.status}`)}
                    </Link>
                  ) : (
                    <span className="muted">{t("consortium.noProposalShort")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {isApplicant && (
        <section className="card" aria-labelledby="new-consortium-title">
          <h2 id="new-consortium-title">{t("consortium.newTitle")}</h2>
          <p className="muted">{t("consortium.newLead")}</p>
          {open.length === 0 ? (
            <p className="alert alert-info" data-testid="no-open-call">
              {t("consortium.noOpenCall")}
            </p>
          ) : (
            <NewConsortiumForm calls={open} initialCall={open.some((c) => c.slug === wanted) ? wanted : undefined} />
          )}
        </section>
      )}
    </>
  );
}
