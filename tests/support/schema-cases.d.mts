export interface SchemaOperation {
  method: string;
  path: string;
  public: boolean;
  body: unknown;
  pathParameters: Array<{ name: string; schema: unknown }>;
  queryParameters: Array<{ name: string; schema: unknown; required: boolean }>;
}
export interface SchemaCase {
  kind: 'valid' | 'invalid';
  path: string;
  body: string | undefined;
  contentType: string;
  field?: string;
  mutation?: string;
  where?: string;
  status?: number;
}
export type Ids = Record<string, string[]>;
export const SCHEMA_RULES: Set<string>;
export function schemaOperations(document: unknown): SchemaOperation[];
export function contractOperations(document: unknown): SchemaOperation[];
export function valid(schema: unknown, ids?: Ids, name?: string): unknown;
export function validCases(operation: SchemaOperation, ids: Ids, seed: number, count: number): SchemaCase[];
export function invalidCases(
  operation: SchemaOperation,
  ids: Ids,
  seed: number,
  count: number,
  random: () => number,
): SchemaCase[];
export function judge(testCase: SchemaCase, status: number, body: unknown): string | undefined;
export function semanticRefusal(status: number, body: unknown): boolean;
export interface ContractRun {
  operations: number;
  sent: { valid: number; invalid: number };
  statuses: Record<string, number>;
  semanticRefusals: number;
  failures: string[];
  /** Requests sent a second time after the connection closed under them, with the cause. */
  resent: string[];
}
export function runSchemaContract(options: {
  baseUrl: string;
  operations: SchemaOperation[];
  valid: { token: string; ids: Ids };
  invalid: { token: string; ids: Ids };
  seed: number;
  perOperation: number;
  concurrency?: number;
}): Promise<ContractRun>;
