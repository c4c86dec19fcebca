import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

// argon2id (the library's default algorithm) with OWASP's second recommended setting: m=19 MiB, t=2, p=1.
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A fixed hash to verify against when the email is unknown, so the answer takes as long either way.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummyHash ??= hashPassword("dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}

let zxcvbn: ZxcvbnFactory | undefined;

/**
 * The rule for weak passwords: 10–128 characters (checked by the zod schema) and a zxcvbn score of at
 * least 3 of 4, with the user's email and name as extra dictionary words. Returns a `fields` message
 * key, or null when the password is acceptable. Server-side only: the dictionaries weigh ~1 MB.
 */
export function passwordProblem(password: string, userInputs: string[] = []): "passwordWeak" | "passwordHasEmail" | null {
  const email = userInputs.find((s) => s.includes("@"));
  if (email && password.toLowerCase().includes(email.toLowerCase().split("@")[0]!) && email.split("@")[0]!.length >= 4) {
    return "passwordHasEmail";
  }
  zxcvbn ??= new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s]+/)]).filter((s) => s.length >= 3);
  return zxcvbn.check(password, inputs).score >= 3 ? null : "passwordWeak";
}
