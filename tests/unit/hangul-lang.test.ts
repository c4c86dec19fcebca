import { expect, test } from "vitest";
import { hangulLang } from "@/lib/text";

test("hangulLang marks text with Hangul (syllables or jamo) as Korean and leaves the rest to the page", () => {
  expect(hangulLang("트릴리온랩스 컨소시엄")).toBe("ko");
  expect(hangulLang("Tri-21B (샘플)")).toBe("ko");
  expect(hangulLang("ㅋㅋ")).toBe("ko");
  expect(hangulLang("Korean sovereign foundation model")).toBeUndefined();
  expect(hangulLang("")).toBeUndefined();
  expect(hangulLang(null)).toBeUndefined();
  expect(hangulLang("日本語")).toBeUndefined();
});
