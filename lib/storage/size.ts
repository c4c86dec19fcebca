/** 1536 → "1.5 KB"; sizes of uploads and downloads as the pages show them (no Node imports: pages use it). */
export function formatBytes(n: number, locale: string = "ko"): string {
  const nf = new Intl.NumberFormat(locale === "en" ? "en" : "ko-KR", { maximumFractionDigits: 1 });
  if (n >= 1024 * 1024) return `${nf.format(n / 1024 / 1024)} MB`;
  if (n >= 1024) return `${nf.format(n / 1024)} KB`;
  return `${nf.format(n)} B`;
}
