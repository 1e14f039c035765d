import type { Clock } from '@kaizen/api/util-core';

/**
 * Real time shifted by an offset the test moves forward: schedules see the future at once, and the
 * queue's own timers, which run on real time, are only ever late, never early.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves to `moment`, which must not be in the clock's past. */
  moveTo(moment: Date): void {
    const offset = moment.getTime() - Date.now();
    if (offset < this.offsetMs) throw new Error('an OffsetClock only moves forward');
    this.offsetMs = offset;
  }
}
