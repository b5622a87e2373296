// Business time. Production uses the system clock; the scenario runner and the sandbox console use
// a ManualClock so `wait: 2h` can move time forward without sleeping. Everything that decides by time
// (signature windows, the 48-hour window, SLAs, follow-ups) reads this clock, never Date.now().

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that runs with real time from a chosen start and can be advanced. */
export class ManualClock implements Clock {
  private offset: number;
  constructor(start: number = Date.now()) {
    this.offset = start - Date.now();
  }
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the clock only moves forward');
    this.offset += ms;
  }
  set(at: number): void {
    this.offset = at - Date.now();
  }
}

export const seconds = (clock: Clock) => Math.floor(clock.now() / 1000);
