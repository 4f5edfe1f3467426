/**
 * The time source of the checks, injected so that a replay evaluates at the recorded time
 * (certificate expiry, policy ages) and tests are deterministic.
 * @module
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers `at`. */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}
