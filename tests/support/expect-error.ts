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

/** Like errorCode, but returns the whole AppError (code, fields, detail). */
export async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error("expected an AppError, but the call succeeded");
}
