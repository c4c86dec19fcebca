// The one source of "now" for the app. Production reads the system clock (and, for writes that the
// cutoff governs, PostgreSQL's clock_timestamp() inside the transaction). Tests swap the clock.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

export function now(): Date {
  return current.now();
}

/** True while a test has replaced the system clock. */
export function isClockInjected(): boolean {
  return current !== systemClock;
}

/** Tests only: replace the clock; returns a function that restores the previous one. */
export function setClock(clock: Clock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}

/** A clock fixed at `at` that tests can move. */
export function fixedClock(at: Date | string) {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    set: (d: Date | string) => {
      t = new Date(d).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}
