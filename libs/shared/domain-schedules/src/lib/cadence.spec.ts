import { describe, expect, it } from 'vitest';
import {
  cadenceProblems,
  isTimeZone,
  latestMissedOpening,
  nextOccurrence,
  opensWhenDue,
  previousOccurrence,
  reviewPeriod,
  type ReviewCadence,
} from './cadence';

const weeklyMonday9: ReviewCadence = {
  frequency: 'weekly',
  weekday: 1,
  dayOfMonth: 1,
  hour: 9,
  minute: 0,
  timeZone: 'Europe/Amsterdam',
  anchorDate: '2027-01-04',
};

const iso = (date: Date) => date.toISOString();

describe('review cadence', () => {
  it('opens weekly on Monday 09:00 Amsterdam time, at 08:00 UTC in winter', () => {
    expect(iso(nextOccurrence(weeklyMonday9, new Date('2027-01-06T12:00:00Z')))).toBe(
      '2027-01-11T08:00:00.000Z',
    );
  });

  it('stays at 09:00 local across the spring change to summer time (UTC moves an hour)', () => {
    // Summer time starts on Sunday 28 March 2027 in Europe.
    const before = nextOccurrence(weeklyMonday9, new Date('2027-03-20T00:00:00Z'));
    const after = nextOccurrence(weeklyMonday9, before);
    expect(iso(before)).toBe('2027-03-22T08:00:00.000Z');
    expect(iso(after)).toBe('2027-03-29T07:00:00.000Z');
  });

  it('stays at 09:00 local across the autumn change back to winter time', () => {
    const before = nextOccurrence(weeklyMonday9, new Date('2027-10-20T00:00:00Z'));
    expect(iso(before)).toBe('2027-10-25T07:00:00.000Z');
    expect(iso(nextOccurrence(weeklyMonday9, before))).toBe('2027-11-01T08:00:00.000Z');
  });

  it('moves an opening in the hour that a DST change skips to the first hour that exists', () => {
    const sunday230 = { ...weeklyMonday9, weekday: 7, hour: 2, minute: 30 };
    // 02:30 on 28 March 2027 does not exist in Amsterdam; 03:30 CEST is 01:30 UTC.
    expect(iso(nextOccurrence(sunday230, new Date('2027-03-27T00:00:00Z')))).toBe('2027-03-28T01:30:00.000Z');
  });

  it('is strictly after the given moment, so an opening is never produced twice', () => {
    const opening = new Date('2027-01-11T08:00:00Z');
    expect(iso(nextOccurrence(weeklyMonday9, opening))).toBe('2027-01-18T08:00:00.000Z');
    expect(iso(nextOccurrence(weeklyMonday9, new Date(opening.getTime() - 1)))).toBe(iso(opening));
  });

  it('keeps to the anchor weeks when biweekly', () => {
    const biweekly = { ...weeklyMonday9, frequency: 'biweekly' as const };
    const first = nextOccurrence(biweekly, new Date('2027-01-05T00:00:00Z'));
    expect(iso(first)).toBe('2027-01-18T08:00:00.000Z');
    expect(iso(nextOccurrence(biweekly, first))).toBe('2027-02-01T08:00:00.000Z');
  });

  it('opens monthly on the day of the month, and quarterly in the anchor months only', () => {
    const monthly = { ...weeklyMonday9, frequency: 'monthly' as const, dayOfMonth: 15, hour: 14 };
    expect(iso(nextOccurrence(monthly, new Date('2027-01-20T00:00:00Z')))).toBe('2027-02-15T13:00:00.000Z');
    const quarterly = { ...monthly, frequency: 'quarterly' as const, anchorDate: '2027-02-01' };
    expect(iso(nextOccurrence(quarterly, new Date('2027-02-20T00:00:00Z')))).toBe('2027-05-15T12:00:00.000Z');
    expect(iso(nextOccurrence(quarterly, new Date('2027-05-15T12:00:00Z')))).toBe('2027-08-15T12:00:00.000Z');
  });

  it('works in any IANA zone, e.g. New York 17:30 on Fridays', () => {
    const ny = { ...weeklyMonday9, weekday: 5, hour: 17, minute: 30, timeZone: 'America/New_York' };
    expect(iso(nextOccurrence(ny, new Date('2027-03-10T00:00:00Z')))).toBe('2027-03-12T22:30:00.000Z');
    expect(iso(nextOccurrence(ny, new Date('2027-03-13T00:00:00Z')))).toBe('2027-03-19T21:30:00.000Z');
  });

  it('finds the previous opening and the period a review looks back on', () => {
    expect(iso(previousOccurrence(weeklyMonday9, new Date('2027-01-13T00:00:00Z')) as Date)).toBe(
      '2027-01-11T08:00:00.000Z',
    );
    expect(previousOccurrence(weeklyMonday9, new Date('2027-01-11T07:59:59Z'))?.toISOString()).toBe(
      '2027-01-04T08:00:00.000Z',
    );
    const period = reviewPeriod(weeklyMonday9, new Date('2027-03-29T07:00:00Z'));
    expect(iso(period.start)).toBe('2027-03-22T08:00:00.000Z');
    expect(iso(period.end)).toBe('2027-03-29T07:00:00.000Z');
  });

  it('names every unsound field with its rule', () => {
    expect(
      cadenceProblems({
        ...weeklyMonday9,
        weekday: 8,
        dayOfMonth: 31,
        hour: 24,
        minute: -1,
        timeZone: 'Mars/Olympus',
        anchorDate: 'soon',
      }),
    ).toEqual({
      weekday: 'must be an ISO weekday from 1 (Monday) to 7 (Sunday)',
      dayOfMonth: 'must be a day from 1 to 28, which every month has',
      hour: 'must be an hour from 0 to 23',
      minute: 'must be a minute from 0 to 59',
      timeZone: 'must be an IANA time zone such as Europe/Amsterdam',
      anchorDate: 'must be a date as YYYY-MM-DD',
    });
    expect(cadenceProblems(weeklyMonday9)).toEqual({});
    expect(() => nextOccurrence({ ...weeklyMonday9, timeZone: 'Nowhere' }, new Date())).toThrow(/timeZone/);
  });

  it('takes IANA zones only, not the fixed offsets luxon alone would take', () => {
    for (const zone of ['Europe/Amsterdam', 'America/New_York', 'UTC', 'Etc/GMT+5'])
      expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['UTC+25', 'UTC+1', '+01:00', 'Mars/Olympus', '', 'x'.repeat(65), 42])
      expect(isTimeZone(zone), String(zone)).toBe(false);
  });
});

describe('catching up after downtime and pauses', () => {
  const running = { ...weeklyMonday9, activeSince: new Date('2027-01-01T00:00:00Z') };
  // Monday 2027-01-04 09:00 in Amsterdam is 08:00 UTC; months later the worker comes back on a Wednesday.
  const firstMonday = new Date('2027-01-04T08:00:00Z');
  const back = new Date('2027-04-14T10:00:00Z');

  it('owes only the latest missed opening, and the timer of an older one opens nothing', () => {
    expect(iso(latestMissedOpening(running, back) as Date)).toBe('2027-04-12T07:00:00.000Z');
    expect(opensWhenDue(running, firstMonday, back)).toBe(false);
    expect(opensWhenDue(running, new Date('2027-04-12T07:00:00Z'), back)).toBe(true);
    // The next one counts from now, not from the old moment.
    expect(iso(nextOccurrence(running, back))).toBe('2027-04-19T07:00:00.000Z');
  });

  it('a moment still to come, or the one due right now, opens', () => {
    expect(opensWhenDue(running, firstMonday, new Date('2027-01-04T08:00:01Z'))).toBe(true);
    expect(opensWhenDue(running, firstMonday, new Date('2027-01-04T07:59:58Z'))).toBe(true);
  });

  it('a resumed cadence counts from its resumption: the Mondays of its pause never open', () => {
    const resumed = { ...running, activeSince: new Date('2027-04-14T09:00:00Z') };
    expect(latestMissedOpening(resumed, back)).toBeNull();
    expect(opensWhenDue(resumed, new Date('2027-04-12T07:00:00Z'), back)).toBe(false);
    expect(latestMissedOpening(resumed, new Date('2027-04-19T07:30:00Z'))?.toISOString()).toBe(
      '2027-04-19T07:00:00.000Z',
    );
  });
});
