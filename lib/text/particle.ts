// Korean particles after a name (issue 12 item 10): 「독자AI을(를)」 becomes 「독자AI를」. The particle
// depends on whether the word, as read aloud, ends in a consonant (받침) and, for (으)로, whether that
// consonant is ㄹ. Pure, shared by the server and the browser.

export type Particle = "을/를" | "이/가" | "은/는" | "과/와" | "으로/로" | "이에요/예요";

/** What the end of a word sounds like: a vowel, ㄹ, another consonant, or not knowable. */
export type Ending = "vowel" | "rieul" | "consonant" | "unknown";

const RIEUL = 8; // ㄹ's index among the 28 final-consonant slots of a Hangul syllable (0 = none)

// How a Latin letter or a digit is read in Korean: "LG" 엘지, "SK" 에스케이, "GPT-4" 포, "3" 삼, "1" 일.
const LETTER: Record<string, Ending> = { L: "rieul", M: "consonant", N: "consonant", R: "rieul" };
const DIGIT: Ending[] = ["consonant" /* 영 */, "rieul" /* 일 */, "vowel" /* 이 */, "consonant" /* 삼 */, "vowel" /* 사 */, "vowel" /* 오 */, "consonant" /* 육 */, "rieul" /* 칠 */, "rieul" /* 팔 */, "vowel" /* 구 */];

/** The ending of a word as Koreans read it; trailing quotes, brackets, spaces and punctuation are skipped. */
export function endingOf(word: string): Ending {
  const s = word.normalize("NFC").replace(/[\s"'’”」』)\]}>.,!?·:;…~-]+$/u, "");
  if (!s) return "unknown";
  const last = s[s.length - 1]!;
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const final = (code - 0xac00) % 28;
    return final === 0 ? "vowel" : final === RIEUL ? "rieul" : "consonant";
  }
  if (/[0-9]/.test(last)) {
    // "10" 십, "100" 백, "1000" 천, "10000" 만 …: every power of ten ends in a consonant other than ㄹ.
    if (last === "0") return "consonant";
    return DIGIT[Number(last)]!;
  }
  if (/[A-Za-z]/.test(last)) {
    const tail = /[A-Za-z]+$/.exec(s)![0];
    // A file's extension is read letter by letter: "계획서.pdf" 피디에프, "협약서.hwpx".
    if (/\.[A-Za-z0-9]{1,5}$/.test(s)) return LETTER[last.toUpperCase()] ?? "vowel";
    // An acronym or a lone capital is read letter by letter: "KT" 케이티, "LG" 엘지, "AWS" 에이더블유에스.
    if (tail === tail.toUpperCase() || tail.length === 1) return LETTER[last.toUpperCase()] ?? "vowel";
    // A word is read as a word: only the endings whose Korean reading is certain are decided.
    const low = tail.toLowerCase();
    if (/(?:le|l)$/.test(low)) return "rieul"; // Google 구글, Intel 인텔
    if (/(?:m|n|ng)$/.test(low)) return "consonant"; // Qwen 큐웬, Samsung 삼성
    if (/[aiouy]$/.test(low)) return "vowel"; // Meta 메타, Kakao 카카오, Sony 소니
    return "unknown";
  }
  return "unknown";
}

const FORMS: Record<Particle, { consonant: string; vowel: string; rieul?: string; unknown: string }> = {
  "을/를": { consonant: "을", vowel: "를", unknown: "을(를)" },
  "이/가": { consonant: "이", vowel: "가", unknown: "이(가)" },
  "은/는": { consonant: "은", vowel: "는", unknown: "은(는)" },
  "과/와": { consonant: "과", vowel: "와", unknown: "과(와)" },
  // ㄹ takes 로 like a vowel: 서울로, 인텔로.
  "으로/로": { consonant: "으로", vowel: "로", rieul: "로", unknown: "(으)로" },
  "이에요/예요": { consonant: "이에요", vowel: "예요", unknown: "이에요(예요)" },
};

/** The particle that follows `word`: particle("독자AI", "을/를") → "를"; both forms only when unknowable. */
export function particle(word: string, which: Particle): string {
  const e = endingOf(word);
  const f = FORMS[which];
  if (e === "rieul") return f.rieul ?? f.consonant;
  return f[e];
}

/** The word with its particle: withParticle("국립 AI 대학교", "을/를") → "국립 AI 대학교를". */
export function withParticle(word: string, which: Particle): string {
  return `${word}${particle(word, which)}`;
}
