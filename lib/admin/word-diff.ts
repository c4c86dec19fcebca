// Word-level marks for a long text that changed between two versions (issue 12 item 15): the
// longest common subsequence over words, after the common head and tail are set aside. Pure.

export interface WordPart {
  /** "same" on both sides, "del" only before, "ins" only after. */
  kind: "same" | "del" | "ins";
  text: string;
}

/** Above this many cells (words before × words after, head and tail excluded) the middle is marked whole. */
export const WORD_DIFF_MAX_CELLS = 1_000_000;

/** Words, each with the spacing that follows it (leading spacing alone), so joining the tokens gives the text back. */
export function tokenize(s: string): string[] {
  return s.match(/^\s+|\S+\s*/g) ?? [];
}

function push(out: WordPart[], kind: WordPart["kind"], text: string) {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.text += text;
  else out.push({ kind, text });
}

/**
 * The parts of `before` and `after`: joining the "same" and "del" parts gives `before`, the "same" and
 * "ins" parts give `after`. Past WORD_DIFF_MAX_CELLS the changed middle is one deletion and one insertion.
 */
export function wordDiff(before: string, after: string): WordPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const out: WordPart[] = [];
  push(out, "same", a.slice(0, head).join(""));
  if (am.length * bm.length > WORD_DIFF_MAX_CELLS) {
    push(out, "del", am.join(""));
    push(out, "ins", bm.join(""));
  } else {
    // lcs[i][j]: the LCS length of am[i..] and bm[j..], in one flat array.
    const w = bm.length + 1;
    const lcs = new Uint32Array((am.length + 1) * w);
    for (let i = am.length - 1; i >= 0; i--) {
      for (let j = bm.length - 1; j >= 0; j--) {
        lcs[i * w + j] = am[i] === bm[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < am.length && j < bm.length) {
      if (am[i] === bm[j]) {
        push(out, "same", am[i]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) push(out, "del", am[i++]!);
      else push(out, "ins", bm[j++]!);
    }
    while (i < am.length) push(out, "del", am[i++]!);
    while (j < bm.length) push(out, "ins", bm[j++]!);
  }
  push(out, "same", a.slice(a.length - tail).join(""));
  return out;
}
