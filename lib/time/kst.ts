// Every time the portal shows is in Korea Standard Time (Asia/Seoul, UTC+9, no daylight saving),
// whatever the browser's zone. Formatting uses the platform's Intl (ICU time-zone data).

export const TIME_ZONE = "Asia/Seoul";
export type UiLocale = "ko" | "en";

function parts(d: Date, locale: UiLocale) {
  const f = new Intl.DateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(d)) out[p.type] = p.value;
  return out as Record<"year" | "month" | "day" | "weekday" | "hour" | "minute" | "second", string>;
}

/** `2025년 7월 21일 (월) 16:00 KST` / `Mon 21 July 2025, 16:00 KST` */
export function formatKstDateTime(d: Date, locale: UiLocale = "ko", withSeconds = false): string {
  const p = parts(d, locale);
  const time = `${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ""}`;
  return locale === "ko"
    ? `${p.year}년 ${p.month} ${p.day}일 (${p.weekday}) ${time} KST`
    : `${p.weekday} ${p.day} ${p.month} ${p.year}, ${time} KST`;
}

/** `16:00:00 KST` */
export function formatKstTime(d: Date): string {
  const p = parts(d, "ko");
  return `${p.hour}:${p.minute}:${p.second} KST`;
}

/** Splits a duration into days/hours/minutes/seconds for a countdown. */
export function splitDuration(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return { days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}

/** KST wall-clock text for files and exports: "2025-07-21 15:59:59.999" (KST has no daylight saving). */
export function kstWallClock(d: Date): string {
  const t = new Date(d.getTime() + 9 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 23)}`;
}
