// The proposal form's unsaved typing kept in the browser, retried, and compared with a colleague's
// version (issue 12 item 3). Pure: the storage itself is the caller's (localStorage in the editor).

/** What the browser keeps while a draft is not yet saved: the values, and the version they were typed on. */
export interface LocalDraft {
  values: unknown;
  /** The server's draft version the typing started from (If-Match of the save that will carry it). */
  baseVersion: number;
  /** When it was last typed (ISO). */
  editedAt: string;
}

/** One key per proposal and person: two people sharing a browser do not see each other's typing. */
export function localDraftKey(proposalId: string, userId: string): string {
  return `proposal-draft:v1:${proposalId}:${userId}`;
}

/** A stored copy read back, or null when there is none or it is not one of ours. */
export function parseLocalDraft(raw: string | null): LocalDraft | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<LocalDraft>;
    if (!v || typeof v !== "object" || !v.values || typeof v.values !== "object") return null;
    if (typeof v.baseVersion !== "number" || !Number.isInteger(v.baseVersion) || v.baseVersion < 0) return null;
    if (typeof v.editedAt !== "string" || Number.isNaN(Date.parse(v.editedAt))) return null;
    return { values: v.values, baseVersion: v.baseVersion, editedAt: v.editedAt };
  } catch {
    return null;
  }
}

/** Strings compared as the server stores them (trimmed); "", null, {} and a missing key are all "nothing". */
function normal(v: unknown): unknown {
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(normal);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normal((v as Record<string, unknown>)[k]);
      if (n !== null) out[k] = n;
    }
    return Object.keys(out).length ? out : null;
  }
  return v;
}

export function sameDraft(a: unknown, b: unknown): boolean {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

/**
 * Whether to offer the browser's copy on opening the form: only when it holds something the
 * server's draft does not. A copy typed on an older version is offered too (never dropped): saving
 * it then meets the colleague's version and the form shows theirs and mine.
 */
export function shouldOfferRestore(local: LocalDraft | null, server: { draft: unknown; draftVersion: number }): boolean {
  if (!local) return false;
  return !sameDraft(local.values, server.draft);
}

/** One field that differs between the server's draft (theirs) and the browser's (mine). */
export interface DraftDifference {
  path: string;
  theirs: unknown;
  mine: unknown;
}

function leaves(v: unknown, prefix: string, out: Map<string, unknown>) {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, prefix ? `${prefix}.${i}` : String(i), out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) leaves(x, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, v);
}

/** The fields (leaf paths such as "models.0.baseModel.country") whose values differ, in the form's order. */
export function draftDifferences(theirs: unknown, mine: unknown): DraftDifference[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  leaves(theirs, "", a);
  leaves(mine, "", b);
  const paths = [...b.keys(), ...[...a.keys()].filter((k) => !b.has(k))];
  const out: DraftDifference[] = [];
  for (const path of paths) {
    const t = a.get(path);
    const m = b.get(path);
    if (!sameDraft(t, m)) out.push({ path, theirs: t ?? null, mine: m ?? null });
  }
  return out;
}

/** Autosave's next try after a failure that may pass (offline, 503): 2 s, 4 s, 8 s … at most 60 s. */
export function retryDelay(attempt: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt));
}

/** What a failed save means for the person typing. */
export type SaveFailure = "offline" | "busy" | "unreachable" | "invalid" | "conflict" | "closed" | "other";

/** Tells network loss, an overloaded server, a colleague's save, the cutoff and invalid input apart. */
export function classifySaveFailure(r: { status: number; code: string }, online: boolean): SaveFailure {
  if (r.code === "VERSION_CONFLICT") return "conflict";
  if (r.code === "CALL_CLOSED") return "closed";
  if (r.status === 0) return online ? "unreachable" : "offline";
  if (r.status === 503 || r.status === 502 || r.status === 504 || r.status === 429) return "busy";
  if (r.status === 422 || r.code === "VALIDATION_FAILED") return "invalid";
  return "other";
}

/** Failures worth trying again by themselves (the typing is kept in the meantime). */
export const RETRIED: ReadonlySet<SaveFailure> = new Set(["offline", "busy", "unreachable"]);
