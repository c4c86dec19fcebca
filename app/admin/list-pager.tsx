import Link from "next/link";

/** Previous/next links and "page n of m" for a server-paged console list (users, outbox). */
export function ListPager({ page, pages, href, labels, testId }: { page: number; pages: number; href: (page: number) => string; labels: { nav: string; prev: string; next: string; pageOf: string }; testId: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={labels.nav} data-testid={testId}>
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className="button secondary small" data-testid={`${testId}-prev`}>
          {labels.prev}
        </Link>
      ) : (
        <span />
      )}
      <span className="muted" data-testid={`${testId}-page`}>
        {labels.pageOf}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} rel="next" className="button secondary small" data-testid={`${testId}-next`}>
          {labels.next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** `base?k=v…` without empty values or the defaults given. */
export function listHref(base: string, values: Record<string, string | number | undefined>, defaults: Record<string, string | number> = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== "" && String(v) !== String(defaults[k] ?? "")) q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}
