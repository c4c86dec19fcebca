// Limits on JSON request bodies, checked on the raw text before JSON.parse: recursive code after it
// (canonicalize, JSON.stringify, zod) would overflow the stack on 100,000 nested brackets.

const KiB = 1024;

/** JSON bodies everywhere but the draft's autosave. */
export const MAX_JSON_BYTES = 256 * KiB;

/**
 * The draft's autosave (PATCH /api/v1/proposals/{id}). The largest draft the schema accepts (ten models,
 * every text at its limit: 113,420 characters) is 343 KB as browsers send it (Hangul, 3 bytes each) and
 * 683 KB with every character \u-escaped (6 bytes each); 1 MiB holds both (decision 011, amended).
 */
export const MAX_DRAFT_JSON_BYTES = 1024 * KiB;

const DRAFT_PATH = /^\/api\/v1\/proposals\/[^/?]+\/?(\?|$)/;

/** One home for a JSON route's body limit: the server's intake and readJson both ask here. */
export function jsonBodyLimit(method: string | undefined, url: string | undefined): number {
  let path = url ?? "/";
  if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
  return method === "PATCH" && DRAFT_PATH.test(path) ? MAX_DRAFT_JSON_BYTES : MAX_JSON_BYTES;
}

/** The deepest legitimate body (a proposal draft) nests about 6 levels. */
export const MAX_JSON_DEPTH = 64;

/** True when `text` nests arrays/objects deeper than `max` (brackets inside strings do not count). */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Reads a web body counting bytes as they arrive; past `maxBytes` it cancels the stream and returns
 * null, so an undeclared (chunked) body is never buffered beyond the limit.
 */
export async function readBodyUpTo(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Do not wait for the cancellation: some sources never acknowledge it.
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
