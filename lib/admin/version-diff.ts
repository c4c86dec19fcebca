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

// ─── Labels and word marks for the console (issue 12 item 15) ──────────────────────────────────

/** The messages' `versionDiff` block (lib/i18n/messages/{ko,en}.ts): the labels' one home. */
export interface DiffLabels {
  section: Record<string, string>;
  overview: Record<string, string>;
  model: string;
  modelField: Record<string, string>;
  baseModel: Record<string, string>;
  plan: Record<string, string>;
  declarations: Record<string, string>;
  consortiumName: string;
  organization: string;
  orgField: Record<string, string>;
  attachment: string;
  attachmentField: Record<string, string>;
  sep: string;
}

const nth = (template: string, index: string) => template.replace("{n}", String(Number(index) + 1));
const isIndex = (s: string | undefined): s is string => s !== undefined && /^\d+$/.test(s);

/**
 * A change's path as the person reads it: "content.overview.summary" → "과제 요약",
 * "content.models.1.baseModel.country" → "모델 2 · 기반 모델 국가". A part the labels do not know
 * keeps its path (never an empty label).
 */
export function diffLabel(path: string, m: DiffLabels): string {
  const [root, ...rest] = path.split(".");
  const parts: string[] = [];
  let known = true;
  const push = (label: string | undefined) => {
    if (typeof label !== "string") known = false;
    else parts.push(label);
  };
  /** Own keys only: "__proto__" or "toString" in a path is not a label. */
  const own = (table: Record<string, string>, key: string | undefined) => (key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined);
  if (root === "content") {
    const [group, a, b, c] = rest;
    if (group === undefined) push(m.section.content);
    else if (group === "overview") a === undefined ? push(m.section.overview) : push(own(m.overview, a));
    else if (group === "plan") a === undefined ? push(m.section.plan) : push(own(m.plan, a));
    else if (group === "declarations") a === undefined ? push(m.section.declarations) : push(own(m.declarations, a));
    else if (group === "models") {
      if (a === undefined) push(m.section.models);
      else if (!isIndex(a)) known = false;
      else {
        push(nth(m.model, a));
        if (b === "baseModel" && c !== undefined) push(own(m.baseModel, c));
        else if (b !== undefined) push(own(m.modelField, b));
        if (c !== undefined && b !== "baseModel") known = false;
      }
    } else known = false;
    if (rest.length > 4) known = false;
  } else if (root === "consortium") {
    const [a, b, c] = rest;
    if (a === undefined) push(m.section.consortium);
    else if (a === "name") push(m.consortiumName);
    else if (a === "organizations") {
      if (b === undefined) push(m.section.organizations);
      else if (!isIndex(b)) known = false;
      else {
        push(nth(m.organization, b));
        if (c !== undefined) push(own(m.orgField, c));
      }
    } else known = false;
    if (rest.length > 3) known = false;
  } else if (root === "attachments") {
    const [a, b] = rest;
    if (a === undefined) push(m.section.attachments);
    else if (!isIndex(a)) known = false;
    else {
      push(nth(m.attachment, a));
      if (b !== undefined) push(own(m.attachmentField, b));
    }
    if (rest.length > 2) known = false;
  } else known = false;
  return known && parts.length ? parts.join(m.sep) : path;
}

/** The leaves of a value added or removed whole (a model, an organisation), each with its own path. */
export function diffLeaves(value: unknown, path: string): { path: string; value: unknown }[] {
  if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => diffLeaves(v, `${path}.${i}`)) : [{ path, value }];
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length ? keys.flatMap((k) => diffLeaves(value[k], `${path}.${k}`)) : [{ path, value }];
  }
  return [{ path, value }];
}
