import { Injectable } from '@nestjs/common';
import { Db, isActive } from '@kaizen/api/data-access-db';
import type { FieldErrorDto } from '@kaizen/api/util-core';

/** The unit a new measure or programme names as its owner. */
export interface OwningUnit {
  unitType: string;
  teamId?: string;
  departmentId?: string;
}

/** The rule for what owns a measure or a programme: a team or a department, named by the id of its type only, and active. */
@Injectable()
export class OwningUnits {
  constructor(private readonly db: Db) {}

  /** Why `unit` may not own a new `owned` (for the message: "measure", "programme"). */
  async refusals(owned: string, unit: OwningUnit): Promise<FieldErrorDto[]> {
    const problems: FieldErrorDto[] = [];
    for (const field of ['teamId', 'departmentId'] as const) {
      if (unit[field] !== undefined && unit.unitType !== field.replace('Id', '')) {
        problems.push({
          field,
          rule: 'notForUnitType',
          message: `${field} is only for a ${owned} whose unitType is ${field.replace('Id', '')}`,
        });
      }
    }
    if (unit.unitType === 'team' && unit.teamId && !(await isActive(this.db, 'team', unit.teamId)))
      problems.push({ field: 'teamId', rule: 'exists', message: 'teamId names no active team here' });
    if (
      unit.unitType === 'department' &&
      unit.departmentId &&
      !(await isActive(this.db, 'department', unit.departmentId))
    )
      problems.push({
        field: 'departmentId',
        rule: 'exists',
        message: 'departmentId names no active department here',
      });
    return problems;
  }
}
