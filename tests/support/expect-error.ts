import { expect } from "vitest";
import { AppError } from "../../lib/errors";

/** Awaits `p` and returns the AppError's code; fails the test when it resolves or throws another error. */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  }
  throw new Error("expected an AppError, but the call succeeded");
}
