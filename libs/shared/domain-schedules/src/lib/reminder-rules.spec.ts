import { describe, expect, it } from 'vitest';
import { dueReminders, isStillDue, names, type ExperimentFacts, type ReminderPolicy } from './reminder-rules';

const policy: ReminderPolicy = {
  lessonGraceDays: 3,
  approvalSlaHours: 48,
  reminderHour: 9,
  timeZone: 'Europe/Amsterdam',
};
const running: ExperimentFacts = {
  status: 'running',
  checkInCadence: 'weekly',
  startedAt: new Date('2027-01-04T14:00:00Z'), // a Monday
  lastCheckInAt: null,
  plannedEnd: '2027-02-28',
  endedAt: null,
  hasLesson: false,
  approvalRequestedAt: null,
};
const at = (iso: string) => new Date(iso);
const kinds = (facts: ExperimentFacts, now: string) =>
  dueReminders(facts, policy, at(now)).map((r) => `${r.kind}@${r.dueAt.toISOString()}`);

describe('reminder rules', () => {
  it('a running experiment is due for a check-in a cadence step after its start, at 09:00 local, and for its result the day after the planned end', () => {
    expect(kinds(running, '2027-01-05T00:00:00Z')).toEqual([
      'check_in_due@2027-01-11T08:00:00.000Z',
      'result_overdue@2027-03-01T08:00:00.000Z',
    ]);
  });

  it('a check-in answers the moment after it, so the next one is due a step later', () => {
    const checkedIn = { ...running, lastCheckInAt: at('2027-01-08T10:00:00Z') };
    expect(kinds(checkedIn, '2027-01-08T11:00:00Z')[0]).toBe('check_in_due@2027-01-18T08:00:00.000Z');
  });

  it('an unanswered moment gives one catch-up reminder and the next moment, never a burst', () => {
    expect(kinds(running, '2027-02-02T00:00:00Z').filter((k) => k.startsWith('check_in'))).toEqual([
      'check_in_due@2027-02-01T08:00:00.000Z',
      'check_in_due@2027-02-08T08:00:00.000Z',
    ]);
  });

  it('biweekly and monthly cadences step accordingly', () => {
    expect(kinds({ ...running, checkInCadence: 'biweekly' }, '2027-01-05T00:00:00Z')[0]).toBe(
      'check_in_due@2027-01-18T08:00:00.000Z',
    );
    expect(kinds({ ...running, checkInCadence: 'monthly' }, '2027-01-05T00:00:00Z')[0]).toBe(
      'check_in_due@2027-02-04T08:00:00.000Z',
    );
  });

  it('a concluded or stopped experiment without a lesson is due for one after the grace days', () => {
    const concluded = { ...running, status: 'concluded', endedAt: at('2027-02-10T15:00:00Z') };
    expect(kinds(concluded, '2027-02-10T16:00:00Z')).toEqual(['lesson_missing@2027-02-13T15:00:00.000Z']);
    expect(kinds({ ...concluded, status: 'stopped' }, '2027-02-10T16:00:00Z')).toEqual([
      'lesson_missing@2027-02-13T15:00:00.000Z',
    ]);
    expect(kinds({ ...concluded, hasLesson: true }, '2027-02-10T16:00:00Z')).toEqual([]);
  });

  it('a proposal waiting past the SLA escalates', () => {
    const proposed = {
      ...running,
      status: 'proposed',
      startedAt: null,
      approvalRequestedAt: at('2027-01-04T09:00:00Z'),
    };
    expect(kinds(proposed, '2027-01-04T10:00:00Z')).toEqual(['approval_escalated@2027-01-06T09:00:00.000Z']);
  });

  it('drafts, approved, learned and closed experiments are due for nothing', () => {
    for (const status of ['draft', 'approved', 'learned', 'closed', 'rejected']) {
      expect(kinds({ ...running, status }, '2027-01-05T00:00:00Z')).toEqual([]);
    }
  });

  it('a reminder whose reason has gone is no longer due when it fires', () => {
    const reminder = { kind: 'check_in_due' as const, dueAt: at('2027-01-11T08:00:00Z') };
    expect(isStillDue(reminder, running, policy, at('2027-01-11T08:00:00Z'))).toBe(true);
    const answered = { ...running, lastCheckInAt: at('2027-01-10T18:00:00Z') };
    expect(isStillDue(reminder, answered, policy, at('2027-01-11T08:00:00Z'))).toBe(false);
    expect(
      isStillDue(reminder, { ...running, status: 'concluded' }, policy, at('2027-01-11T08:00:00Z')),
    ).toBe(false);
  });

  it('names a reminder only for the same kind at the same moment', () => {
    const due = dueReminders(running, policy, at('2027-01-11T08:00:00Z'));
    const checkIn = due.find((entry) => entry.kind === 'check_in_due');
    expect(checkIn).toBeDefined();
    expect(names(due, { kind: 'check_in_due', dueAt: new Date((checkIn as { dueAt: Date }).dueAt) })).toBe(
      true,
    );
    expect(
      names(due, { kind: 'check_in_due', dueAt: new Date((checkIn as { dueAt: Date }).dueAt.getTime() + 1) }),
    ).toBe(false);
    expect(names(due, { kind: 'lesson_missing', dueAt: (checkIn as { dueAt: Date }).dueAt })).toBe(false);
  });
});
