import { describe, expect, it } from 'vitest';
import { auditChanges } from './audit-changes';
import { nextDay, startOfDay } from './audit-period';

describe('auditChanges', () => {
  it('shows only the fields an act changed, leaving bookkeeping out', () => {
    expect(
      auditChanges(
        { id: 'e1', hoursBudget: 100, amountBudgetMinor: 5_000, version: 1 },
        { id: 'e1', hoursBudget: 120, amountBudgetMinor: 5_000, version: 2 },
      ),
    ).toEqual([{ field: 'hoursBudget', before: '100', after: '120' }]);
  });

  it('shows every field of a created or removed object against a dash', () => {
    expect(auditChanges(null, { name: 'Slack', active: true })).toEqual([
      { field: 'name', before: '—', after: 'Slack' },
      { field: 'active', before: '—', after: 'true' },
    ]);
    expect(auditChanges({ name: 'Slack' }, null)).toEqual([{ field: 'name', before: 'Slack', after: '—' }]);
  });

  it('names people in a team with their position, and lists as text', () => {
    const anna = { membershipId: 'm1', displayName: 'Anna de Vries', position: 'lead', since: '2026-01-01' };
    expect(auditChanges({ members: [], headIds: [] }, { members: [anna], headIds: ['m1', 'm2'] })).toEqual([
      { field: 'members', before: '—', after: 'Anna de Vries (lead)' },
      { field: 'headIds', before: '—', after: 'm1, m2' },
    ]);
  });

  it('finds nothing changed when nothing was', () => {
    expect(auditChanges({ role: 'member' }, { role: 'member' })).toEqual([]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});

describe('startOfDay', () => {
  it('starts a day at midnight in the organisation zone, also on the day the clocks go back', () => {
    expect(startOfDay('2026-12-03', 'Europe/Amsterdam')).toBe('2026-12-02T23:00:00.000Z');
    expect(startOfDay('2026-07-01', 'Europe/Amsterdam')).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfDay('2026-10-25', 'Europe/Amsterdam')).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDay('2026-12-03', 'UTC')).toBe('2026-12-03T00:00:00.000Z');
  });

  it('counts the day after across months and years', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });
});
