export interface Operation {
  method: string;
  path: string;
  bodyProperties: string[];
  public: boolean;
}

export interface HostileRequest {
  method: string;
  path: string;
  query: string;
  defect: 'wrongField' | 'extraField' | 'brokenJson' | 'hugeBody' | 'wrongTypeRoot';
  body: string | undefined;
}

export function mulberry32(seed: number): () => number;
export const hostileValues: unknown[];
export function operationsOf(document: unknown): Operation[];
export function takesInput(operation: Operation): boolean;
export function hostileRequest(operation: Operation, random: () => number): HostileRequest;
export function organisationFingerprint(
  client: { query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> },
  organisationId: string,
): Promise<string>;
