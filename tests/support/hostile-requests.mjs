// Malformed and hostile requests for every route of the OpenAPI document: shared by the seeded sample in
// `npm test` (tests/integration/hostile-input.test.ts) and the full count in tests/bench/hostile-input.bench.mjs.
// Plain JavaScript, so a benchmark script runs it without a build.

/** A small seeded generator, so a failure can be replayed exactly. */
export function mulberry32(seed) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const hostileValues = [
  "'; DROP TABLE experiment; --",
  '<script>alert(1)</script>',
  'x'.repeat(100_000),
  '\u0000\u202e\ud83d\ude00 Z̴̢͚a̶l̷g̸o',
  -1,
  -999999999999,
  1e308,
  Number.MAX_SAFE_INTEGER,
  true,
  null,
  [],
  [[[[[]]]]],
  {},
  { $ne: null },
  '../../etc/passwd',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '2026-02-30',
  'NaN',
];

/** Every operation of an OpenAPI document, with the properties its JSON body declares. */
export function operationsOf(document) {
  const schemas = document.components?.schemas ?? {};
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? schemas[ref.split('/').pop()] : undefined;
      return {
        method: method.toUpperCase(),
        path,
        bodyProperties: Object.keys(schema?.properties ?? {}),
        public: !operation.security,
      };
    }),
  );
}

/** Whether a write to this operation takes input that hostile values could corrupt. */
export const takesInput = (operation) => operation.bodyProperties.length > 0 || operation.path.includes('{');

/**
 * The next hostile request for `operation`: hostile path parameters, a defective body (wrong or extra fields,
 * broken JSON, a body over the size limit, a root of the wrong type) and, half the time, a hostile query.
 */
export function hostileRequest(operation, random) {
  const pick = (items) => items[Math.floor(random() * items.length)];
  const path = operation.path.replace(/\{(\w+)\}/g, () =>
    encodeURIComponent(String(pick(hostileValues)).slice(0, 200)),
  );
  const defect = pick(['wrongField', 'extraField', 'brokenJson', 'hugeBody', 'wrongTypeRoot']);
  let body;
  if (operation.method !== 'GET' && operation.method !== 'DELETE') {
    const fields = {};
    for (const property of operation.bodyProperties)
      if (random() < 0.7) fields[property] = pick(hostileValues);
    if (defect === 'extraField' || operation.bodyProperties.length === 0)
      fields['__proto__polluted'] = pick(hostileValues);
    if (defect === 'wrongField' && operation.bodyProperties.length > 0)
      fields[pick(operation.bodyProperties)] = { nested: [pick(hostileValues)] };
    body = JSON.stringify(fields);
    if (defect === 'brokenJson') body = body.slice(0, Math.max(1, body.length - 3));
    if (defect === 'hugeBody') body = JSON.stringify({ ...fields, padding: 'y'.repeat(1_100_000) });
    if (defect === 'wrongTypeRoot') body = JSON.stringify(pick(['a string', 42, [1, 2], null]));
  }
  const query =
    random() < 0.5
      ? `?limit=${encodeURIComponent(String(pick(hostileValues)).slice(0, 100))}&cursor=%ZZ&status=${encodeURIComponent(String(pick(hostileValues)).slice(0, 100))}`
      : '';
  return { method: operation.method, path, query, defect, body };
}

/** A fingerprint of everything an organisation owns (every table with organisation_id), to prove requests changed nothing. */
export async function organisationFingerprint(client, organisationId) {
  const { rows: tables } = await client.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organisation_id' ORDER BY table_name`,
  );
  const parts = [];
  for (const { table_name } of tables) {
    const { rows } = await client.query(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${table_name} t WHERE organisation_id = $1`,
      [organisationId],
    );
    parts.push(`${table_name}:${rows[0].digest}`);
  }
  return parts.join('\n');
}
