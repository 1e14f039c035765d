import {
  frozenKey,
  type FrozenGroup,
  type Instrument,
  type Publication,
  type Statement,
  type Tally,
} from '@kaizen/shared/domain-scan';
import type {
  DepartmentRow,
  FrozenGroupRow,
  InstrumentRow,
  PublicationRow,
  RecipientRow,
  ScanRow,
  ScanWindowRow,
  TallyRow,
  TeamRow,
  UnitRow,
} from './scans.repository';

/** A scan as the service reasons about it, with the viewer's participation. */
export interface StoredScan {
  id: string;
  title: string;
  scope: 'organisation' | 'departments';
  departmentIds: string[];
  opensAt: Date;
  closesAt: Date;
  minResponses: number;
  reminderRounds: number;
  instrumentId: string;
  instrumentVersion: number;
  invited: number;
  responded: number;
  myParticipation: 'not_invited' | 'invited' | 'answered';
}

export interface Recipient {
  membershipId: string;
  email: string;
  locale: 'en' | 'nl';
}

/** Rows as the service reads them: the one place this feature turns columns into fields. */
export function scanOf(row: ScanRow): StoredScan {
  return {
    id: row.id,
    title: row.title,
    scope: row.scope as StoredScan['scope'],
    departmentIds: row.department_ids,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    minResponses: row.min_responses,
    reminderRounds: row.reminder_rounds,
    instrumentId: row.instrument_id,
    instrumentVersion: row.instrument_version,
    invited: row.invited ?? 0,
    responded: row.responded ?? 0,
    myParticipation: row.my_participation,
  };
}

export function instrumentOf(row: InstrumentRow): Instrument & { id: string } {
  return { id: row.id, version: row.version, statements: row.statements as unknown as Statement[] };
}

/** When a scan takes answers. */
export function windowOf(row: { opens_at: Date; closes_at: Date }) {
  return { opensAt: row.opens_at, closesAt: row.closes_at };
}

export function scanWindowOf(row: ScanWindowRow) {
  return {
    ...windowOf(row),
    reminderRounds: row.reminder_rounds,
    title: row.title,
    minResponses: row.min_responses,
  };
}

export function organisationOf(row: { name: string; time_zone: string }) {
  return { name: row.name, timeZone: row.time_zone };
}

export function recipientOf(row: RecipientRow): Recipient {
  return { membershipId: row.membership_id, email: row.email, locale: row.locale as Recipient['locale'] };
}

export function placementOf(row: { membership_id: string; unit_key: string | null }) {
  return { membershipId: row.membership_id, unitKey: row.unit_key };
}

export function frozenGroupOf(row: FrozenGroupRow): FrozenGroup {
  return {
    key: row.key,
    kind: row.kind as FrozenGroup['kind'],
    id: row.unit_id,
    name: row.name,
    parent: row.parent_key,
  };
}

export function publicationOf(row: PublicationRow): Publication {
  return {
    measure: row.measure as Publication['measure'],
    groupKey: row.group_key,
    cells: row.cells,
    total: row.total,
  };
}

export function groupTotalOf(row: { group_key: string; total: number }) {
  return { groupKey: row.group_key, total: row.total };
}

export function departmentOf(row: DepartmentRow) {
  return { id: row.id, parentId: row.parent_id, name: row.name, archived: row.archived };
}

export function teamOf(row: TeamRow) {
  return { id: row.id, departmentId: row.department_id, name: row.name, archived: row.archived };
}

/** The frozen-tree key of a cell of a scan from before cells were sealed. */
export function legacyUnitKey(row: UnitRow): string {
  return frozenKey(row.unit_kind, row.unit_id);
}

/** A cell of a scan from before cells were sealed, with its tallies. */
export function legacyCellOf(
  unit: UnitRow,
  tallies: readonly TallyRow[],
): { key: string; responses: number; comments: string[]; tallies: Tally[] } {
  return {
    key: legacyUnitKey(unit),
    responses: unit.responses,
    comments: unit.comments,
    tallies: tallies
      .filter((t) => t.unit_kind === unit.unit_kind && t.unit_id === unit.unit_id)
      .map((t) => ({ statementId: t.statement_id, value: t.value, count: t.count })),
  };
}
