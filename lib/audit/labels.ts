import { MESSAGES, type Locale } from "@/lib/i18n";
import { redactLinks } from "@/lib/mail";
import { formatKstDateTime } from "@/lib/time/kst";

// The audit log as a person reads it (issue 12 item 15): every action recordAudit writes has a Korean
// and an English name in the message files (`auditActions`, nested on the action's dot); an action
// without one shows as written. Details are key/value lines, never a JSON blob and never a secret.

/** The action's name in the locale, or the action itself when the messages do not name it. */
export function auditActionLabel(action: string, locale: Locale): string {
  const [group, name, ...rest] = action.split(".");
  if (!group || !name || rest.length) return action;
  const groups = MESSAGES[locale].auditActions as Record<string, Record<string, string> | undefined>;
  const label = Object.hasOwn(groups, group) ? groups[group]?.[name] : undefined;
  return typeof label === "string" ? label : action;
}

/** Whether the messages name the action in both languages (tests/unit checks every action written). */
export function auditActionNamed(action: string): boolean {
  return auditActionLabel(action, "ko") !== action && auditActionLabel(action, "en") !== action;
}

export interface AuditDetail {
  key: string;
  label: string;
  value: string;
}

/** Keys whose values are never shown, at any depth: credentials and whatever could open an account. */
const SECRET_KEY = /pass(word)?|secret|^token$|tokenHash|^hash$|apiKey|credential|cookie|session(Token|Id)?$|^link$|^url$/i;
/** Past these the line ends in "…": the log is for reading, the chain has the full record. */
export const DETAIL_MAX_LINES = 24;
export const DETAIL_MAX_CHARS = 300;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const clip = (s: string) => (s.length > DETAIL_MAX_CHARS ? `${s.slice(0, DETAIL_MAX_CHARS - 1)}…` : s);

function valueText(v: unknown, key: string, locale: Locale): string {
  const m = MESSAGES[locale];
  if (v === null || v === undefined || v === "") return m.auditDetails.none;
  if (typeof v === "boolean") return v ? m.auditDetails.yes : m.auditDetails.no;
  if (typeof v === "number") return v.toLocaleString(locale === "en" ? "en-US" : "ko-KR");
  if (typeof v === "string") {
    if (ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v))) return formatKstDateTime(new Date(v), locale);
    const values = m.auditValues as Record<string, Record<string, string> | undefined>;
    // The key's own values first ("reason": wrong_password), then the names any key may hold (roles, statuses).
    const pick = (table: string) => (Object.hasOwn(values, table) && Object.hasOwn(values[table]!, v) ? values[table]![v] : undefined);
    const named = pick(key) ?? pick("any");
    return clip(redactLinks(named ?? v));
  }
  if (Array.isArray(v)) return v.length === 0 ? m.auditDetails.none : clip(v.map((x) => (x !== null && typeof x === "object" ? "…" : valueText(x, key, locale))).join(", "));
  return "…";
}

function keyLabel(key: string, locale: Locale): string {
  const fields = MESSAGES[locale].auditFields as Record<string, string>;
  return Object.hasOwn(fields, key) ? fields[key]! : key;
}

/**
 * An event's data as labelled lines: nested objects are walked ("이전 · 접수 마감"), arrays of plain
 * values are joined, secrets are left out, instants are KST, and one-time links are redacted.
 */
export function auditDetails(data: unknown, locale: Locale): AuditDetail[] {
  const out: AuditDetail[] = [];
  const sep = MESSAGES[locale].auditDetails.sep;
  const walk = (v: unknown, path: string[], labels: string[]) => {
    if (out.length > DETAIL_MAX_LINES) return;
    const key = path[path.length - 1] ?? "";
    if (key && SECRET_KEY.test(key)) return;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0 && path.length) out.push({ key: path.join("."), label: labels.join(sep), value: MESSAGES[locale].auditDetails.none });
      for (const [k, x] of entries) walk(x, [...path, k], [...labels, keyLabel(k, locale)]);
      return;
    }
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === "object")) {
      v.forEach((x, i) => walk(x, [...path, String(i)], [...labels, String(i + 1)]));
      return;
    }
    out.push({ key: path.join("."), label: labels.join(sep), value: valueText(v, key, locale) });
  };
  walk(data, [], []);
  if (out.length > DETAIL_MAX_LINES) out.splice(DETAIL_MAX_LINES, out.length, { key: "…", label: "…", value: MESSAGES[locale].auditDetails.more });
  return out;
}
