// What changed between two submitted versions (the console's detail page). Pure, so it is unit-tested.

export interface DocumentChange {
  /** Dotted path, e.g. "content.models.1.approach"; array elements by index. */
  path: string;
  /** null when the value did not exist on that side. */
  before: unknown;
  after: unknown;
}

/** The parts of a version document that are the applicant's; receipt facts differ on every version. */
const COMPARED = ["content", "consortium", "attachments"] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function walk(a: unknown, b: unknown, path: string, out: DocumentChange[]) {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const p = `${path}.${i}`;
      if (i >= a.length) out.push({ path: p, before: null, after: b[i] });
      else if (i >= b.length) out.push({ path: p, before: a[i], after: null });
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in a)) out.push({ path: p, before: null, after: b[k] });
      else if (!(k in b)) out.push({ path: p, before: a[k], after: null });
      else walk(a[k], b[k], p, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, before: a ?? null, after: b ?? null });
}

/** Every leaf that differs between two version documents, in document order of content → consortium → attachments. */
export function diffDocuments(a: unknown, b: unknown): DocumentChange[] {
  const out: DocumentChange[] = [];
  const pa = isObject(a) ? a : {};
  const pb = isObject(b) ? b : {};
  for (const k of COMPARED) {
    if (!(k in pa) && !(k in pb)) continue;
    if (!(k in pa)) out.push({ path: k, before: null, after: pb[k] });
    else if (!(k in pb)) out.push({ path: k, before: pa[k], after: null });
    else walk(pa[k], pb[k], k, out);
  }
  return out;
}
