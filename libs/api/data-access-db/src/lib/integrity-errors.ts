import { BadRequestException, ConflictException, HttpException } from '@nestjs/common';

/**
 * The one place a constraint of the schema is named by the request field it guards, so a unique violation
 * answers 409 naming that field, whichever route ran into it.
 */
const uniqueConstraints: Record<string, { field: string; message: string }> = {
  department_name_key: { field: 'name', message: 'name is taken by another active department' },
  team_name_key: { field: 'name', message: 'name is taken by another active team' },
  app_user_email_key: { field: 'email', message: 'email already has an account' },
  budget_envelope_team_key: {
    field: 'quarter',
    message: 'that team already has an envelope for this quarter',
  },
  budget_envelope_department_key: {
    field: 'quarter',
    message: 'that department already has an envelope for this quarter',
  },
  review_cadence_unit_key: { field: 'unitType', message: 'that unit already has a review cadence' },
  department_head_current_key: {
    field: 'membershipId',
    message: 'that person already heads this department',
  },
  team_membership_current_key: {
    field: 'membershipId',
    message: 'that person is already placed in this team',
  },
  membership_organisation_id_user_id_key: { field: 'email', message: 'that person is already a member' },
  lesson_adoption_organisation_id_lesson_id_team_id_key: {
    field: 'teamId',
    message: 'that team already adopted this lesson',
  },
  measure_point_period_key: { field: 'period', message: 'this measure already has a point for that period' },
  sso_directory_pkey: { field: 'slug', message: 'slug is taken by another organisation' },
};

/** Check constraints that guard a rule between fields of a request: a violation is a 400 naming the field. */
const checkConstraints: Record<string, { field: string; rule: string; message: string }> = {
  experiment_check: {
    field: 'plan.end',
    rule: 'notBeforeStart',
    message: 'plan.end must not be before plan.start',
  },
  experiment_measure_baseline_check: {
    field: 'baseline.through',
    rule: 'notBeforeFrom',
    message: 'baseline.through must not be before baseline.from',
  },
};

/** PostgreSQL's codes for a value the database cannot hold: it came from the request, so it is a 400. */
const valueOutOfRange: Record<string, string> = {
  '22003': 'a number is out of the range this field holds',
  '22008': 'a date or time is out of range',
  '22001': 'a text is longer than this field holds',
};

/**
 * Maps a database integrity error to the HTTP error it means; anything else stays what it was (and a 500).
 * Used by the API's problem-details filter, after the request's transaction has rolled back.
 */
export function integrityExceptionOf(error: unknown): HttpException | undefined {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (code === '23505') {
    const known = typeof constraint === 'string' ? uniqueConstraints[constraint] : undefined;
    const { field, message } = known ?? {
      field: '',
      message: 'this conflicts with something that already exists',
    };
    return new ConflictException({ message, errors: [{ field, rule: 'unique', message }] });
  }
  const check = code === '23514' && typeof constraint === 'string' ? checkConstraints[constraint] : undefined;
  if (check) return new BadRequestException({ message: check.message, errors: [check] });
  if (typeof code === 'string' && code in valueOutOfRange) {
    return new BadRequestException({
      message: valueOutOfRange[code],
      errors: [{ field: '', rule: 'range', message: valueOutOfRange[code] }],
    });
  }
  return undefined;
}
