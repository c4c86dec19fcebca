import { describe, expect, it } from "vitest";
import { endingOf, particle, withParticle } from "@/lib/text/particle";
import ko from "@/lib/i18n/messages/ko";

describe("Korean particles after a name", () => {
  it("reads the last Hangul syllable's 받침", () => {
    expect(withParticle("독자AI 주식회사", "을/를")).toBe("독자AI 주식회사를");
    expect(withParticle("국립 AI 대학교", "을/를")).toBe("국립 AI 대학교를");
    expect(withParticle("한국과학기술원", "을/를")).toBe("한국과학기술원을");
    expect(particle("서울", "으로/로")).toBe("로"); // ㄹ takes 로
    expect(particle("대전", "으로/로")).toBe("으로");
    expect(particle("부산", "이/가")).toBe("이");
    expect(particle("포항", "은/는")).toBe("은");
    expect(particle("대구", "과/와")).toBe("와");
    expect(particle("편집자", "으로/로")).toBe("로");
  });
  it("amounts as the page writes them end in 원", () => {
    expect(particle("200억 원", "이/가")).toBe("이");
    expect(particle("200억 원", "으로/로")).toBe("으로");
    expect(particle("KRW 20,000,000,000", "을/를")).toBe("을"); // 영
  });
  it("Latin letters and digits by their Korean reading", () => {
    expect(particle("LG", "을/를")).toBe("를"); // 엘지
    expect(particle("KAIST AI", "을/를")).toBe("를"); // 에이아이
    expect(particle("LLM", "을/를")).toBe("을"); // 엠
    expect(particle("URL", "으로/로")).toBe("로"); // 엘
    expect(particle("Tri-21B", "을/를")).toBe("를"); // 비
    expect(particle("GPT-4", "을/를")).toBe("를"); // 사
    expect(particle("모델 3", "을/를")).toBe("을"); // 삼
    expect(particle("모델 1", "으로/로")).toBe("로"); // 일
    expect(particle("버전 10", "이/가")).toBe("이"); // 십
    expect(particle("Meta", "을/를")).toBe("를");
    expect(particle("Google", "을/를")).toBe("을");
    expect(particle("Qwen", "이/가")).toBe("이");
    expect(particle("사업계획서.pdf", "을/를")).toBe("를"); // 피디에프
  });
  it("skips closing quotes and brackets", () => {
    expect(particle("‘독자AI’", "을/를")).toBe("를");
    expect(particle("국립대학교(주관)", "을/를")).toBe("을"); // 관
  });
  it("both forms only when the reading is not knowable", () => {
    expect(particle("Microsoft", "을/를")).toBe("을(를)");
    expect(particle("", "이/가")).toBe("이(가)");
    expect(particle("😀", "으로/로")).toBe("(으)로");
    expect(endingOf("Tokenizer")).toBe("unknown");
  });
  it("no Korean message writes both forms after a placeholder any more", () => {
    const all = JSON.stringify(ko);
    expect(all.match(/\}[’』」)]*(?:을\(를\)|이\(가\)|은\(는\)|과\(와\)|\(으\)로)/g)).toBeNull();
  });
});
