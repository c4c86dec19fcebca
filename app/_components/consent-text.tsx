import type { LocalizedConsent } from "@/lib/consents/texts";

// A consent text as shown on the register form, the proposal's declarations step and the public pages
// (lib/consents/texts.ts). No hooks: server pages and client forms both render it.

/** The four items of 개인정보 보호법 제15조② as a two-column table. */
/** `hideCaption`: a heading above already says the title; the caption stays for screen readers. */
export function PrivacyConsentTable({ text, caption, testId, hideCaption }: { text: LocalizedConsent; caption: string; testId?: string; hideCaption?: boolean }) {
  return (
    <div className="consent-table" data-testid={testId}>
      <table>
        <caption className={hideCaption ? "sr-only" : undefined}>{caption}</caption>
        <tbody>
          {text.table?.map((r) => (
            <tr key={r.row} data-row={r.row}>
              <th scope="row">{r.label}</th>
              <td>{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The terms' articles. */
export function TermsSections({ text, headingLevel = 3 }: { text: LocalizedConsent; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <>
      {text.sections?.map((s) => (
        <section key={s.heading}>
          <H>{s.heading}</H>
          <p>{s.body}</p>
        </section>
      ))}
    </>
  );
}
