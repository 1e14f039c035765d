import type { ApiProblem } from '@kaizen/web/data-access-api';

/** One bad cell (or row, when `column` is empty) of a CSV import: the header is row 1. */
export interface ImportProblem {
  readonly row: number;
  readonly column: string;
  readonly rule: string;
  readonly message: string;
}

const CSV_FIELD = /^csv\.(\d+)(?:\.(.*))?$/;

/** The row-level problems of an import the API refused (fields named `csv.<row>.<column>`), in row order. */
export function importProblemsOf(problem: ApiProblem): ImportProblem[] {
  return problem.errors
    .map((error) => {
      const match = CSV_FIELD.exec(error.field);
      return match
        ? { row: Number(match[1]), column: match[2] ?? '', rule: error.rule, message: error.message }
        : null;
    })
    .filter((p): p is ImportProblem => p !== null)
    .sort((a, b) => a.row - b.row);
}

const GRID_FIELD = /^points\.(\d+)\.(.+)$/;

/** The cell-level problems of a grid the API refused (fields named `points.<index>.<field>`), as rows counted from 1. */
export function gridProblemsOf(problem: ApiProblem): ImportProblem[] {
  return problem.errors
    .map((error) => {
      const match = GRID_FIELD.exec(error.field);
      return match
        ? { row: Number(match[1]) + 1, column: match[2], rule: error.rule, message: error.message }
        : null;
    })
    .filter((p): p is ImportProblem => p !== null)
    .sort((a, b) => a.row - b.row);
}
