// Requests generated from the OpenAPI document itself (fast-check): for each operation, values valid by its schema,
// and values made invalid by one mutation of one field, plus the hostile classes (deep bodies, prototype keys, NUL,
// lone surrogates, form bodies). Shared by the seeded sample in `npm test` (tests/integration/schema-contract.test.ts)
// and the full count in tests/bench/schema-contract.bench.mjs. Plain JavaScript, so the bench runs it without a build.
import fc from 'fast-check';

/** Rules the document states (class-validator's names, and the pipe's own): a valid value must never break one. */
export const SCHEMA_RULES = new Set([
  'isInt',
  'isNumber',
  'isString',
  'isBoolean',
  'isArray',
  'isObject',
  'min',
  'max',
  'minLength',
  'maxLength',
  'isLength',
  'arrayMinSize',
  'arrayMaxSize',
  'isIn',
  'isEnum',
  'isUuid',
  'isEmail',
  'isUrl',
  'isIso8601',
  'isDateTime',
  'isTimeZone',
  'matches',
  'unknownField',
  'notNull',
  'noNul',
  'wellFormedText',
  'maxDepth',
  'forbiddenKey',
  'json',
  'utf8',
  'isDefined',
  'isNotEmpty',
]);

const TIME_ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Adelaide'];

/** Every operation of the document, its schemas resolved. */
/**
 * The operations the document's schemas govern. A heartbeat waits for a worker and takes no input. SCIM's bodies and
 * ids follow RFC 7643/7644 rather than the document's schemas, and it refuses in SCIM's error format: scim.test.ts
 * holds it to that, with its own bad bodies, and the hostile-input generator still sends it malformed requests.
 */
export function contractOperations(document) {
  return schemaOperations(document).filter(
    (o) => o.path !== '/api/health/heartbeats' && !o.path.startsWith('/api/scim/'),
  );
}

export function schemaOperations(document) {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema) => {
    if (!schema) return schema;
    if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop()]);
    if (schema.allOf?.length === 1)
      return { ...resolve(schema.allOf[0]), ...(schema.nullable ? { nullable: true } : {}) };
    if (schema.type === 'object' || schema.properties) {
      return {
        ...schema,
        properties: Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([k, v]) => [k, resolve(v)]),
        ),
      };
    }
    if (schema.type === 'array') return { ...schema, items: resolve(schema.items) };
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
      return { ...schema, additionalProperties: resolve(schema.additionalProperties) };
    return schema;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      return {
        method: method.toUpperCase(),
        path,
        public: !operation.security,
        body: resolve(operation.requestBody?.content?.['application/json']?.schema),
        pathParameters: parameters
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: p.schema })),
        queryParameters: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: resolve(p.schema), required: !!p.required })),
      };
    }),
  );
}

/** Text any field may hold: any code point but NUL and the variation selectors class-validator does not count. */
const text = (minLength, maxLength) =>
  fc
    .string({
      unit: fc.oneof(
        fc.constantFrom('a', 'Z', ' ', 'é', '😀', '\u202e', '"', "'", '\\', '%', '<', '\n'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      minLength,
      maxLength,
    })
    .filter(
      (s) =>
        !s.includes('\u0000') &&
        !s.includes('\ufe0e') &&
        !s.includes('\ufe0f') &&
        [...s].length >= minLength &&
        [...s].length <= maxLength,
    );

/**
 * An arbitrary of values valid by `schema`. `ids` gives real ids for uuid fields by name (teamId, departmentId, …),
 * so a create names things that exist; other uuids are random.
 */
export function valid(schema, ids = {}, name = '') {
  if (!schema) return fc.constant(undefined);
  let arbitrary;
  if (schema.enum) arbitrary = fc.constantFrom(...schema.enum);
  else if (schema.type === 'string') arbitrary = validString(schema, ids, name);
  else if (schema.type === 'integer')
    arbitrary = fc.integer({
      min: schema.minimum ?? Number.MIN_SAFE_INTEGER,
      max: schema.maximum ?? Number.MAX_SAFE_INTEGER,
    });
  else if (schema.type === 'number') {
    const min = schema.minimum ?? -1e12;
    const max = schema.maximum ?? 1e12;
    arbitrary = schema.multipleOf
      ? fc
          .integer({ min: Math.ceil(min / schema.multipleOf), max: Math.floor(max / schema.multipleOf) })
          .map((n) => Number((n * schema.multipleOf).toFixed(6)))
      : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
  } else if (schema.type === 'boolean') arbitrary = fc.boolean();
  else if (schema.type === 'array') {
    arbitrary = fc.array(valid(schema.items, ids, singular(name)), {
      minLength: schema.minItems ?? 0,
      maxLength: Math.min(schema.maxItems ?? 4, 4),
    });
  } else if (schema.properties) {
    const required = new Set(schema.required ?? []);
    const entries = Object.entries(schema.properties).map(([key, property]) => [
      key,
      valid(property, ids, key),
    ]);
    arbitrary = fc.record(Object.fromEntries(entries), {
      requiredKeys: [...required].filter((key) => key in schema.properties),
    });
    // `x-required-when: { unitType: 'team' }`: a field the document requires only when another field has that value.
    const conditional = Object.entries(schema.properties).filter(
      ([, property]) => property['x-required-when'],
    );
    if (conditional.length > 0) {
      const extras = fc.record(
        Object.fromEntries(conditional.map(([key, property]) => [key, valid(property, ids, key)])),
      );
      arbitrary = fc.tuple(arbitrary, extras).map(([value, extra]) => {
        for (const [key, property] of conditional) {
          const applies = Object.entries(property['x-required-when']).every(
            ([other, expected]) => value[other] === expected,
          );
          if (applies && !(key in value)) value[key] = extra[key];
        }
        return value;
      });
    }
  } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    arbitrary = fc.dictionary(
      ids.dictionaryKeys ? fc.constantFrom(...ids.dictionaryKeys) : text(1, 20),
      valid(schema.additionalProperties, ids, name),
      { maxKeys: 4 },
    );
  } else arbitrary = fc.constant({});
  return schema.nullable ? fc.option(arbitrary, { nil: null, freq: 4 }) : arbitrary;
}

const singular = (name) => (name.endsWith('Ids') ? name.slice(0, -1) : name);

function validString(schema, ids, name) {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 60, 60);
  switch (schema.format) {
    case 'uuid': {
      const pool = ids[name] ?? ids[singular(name)];
      return pool?.length ? fc.constantFrom(...pool) : fc.uuid();
    }
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc
        .stringMatching(/^[a-z][a-z0-9.]{0,15}[a-z0-9]$/)
        .filter((s) => !s.includes('..'))
        .map((local) => `${local}@example.test`);
    case 'uri':
      return fc.stringMatching(/^[a-z0-9]{1,20}$/).map((p) => `https://hooks.example.com/${p}`);
    case 'iana-time-zone':
      return fc.constantFrom(...TIME_ZONES);
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return text(min, max);
}

/** Where a field sits, and its schema: every property of the body, nested objects included (arrays by their first item). */
function fieldsOf(schema, value, prefix = '') {
  if (!schema?.properties || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(schema.properties).flatMap(([key, property]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    const own = { path, key, schema: property, parent: schema, present: key in value, siblings: value };
    const nested = key in value ? fieldsOf(property, value[key], path) : [];
    return [own, ...nested];
  });
}

/** The mutations that make a field's value invalid by its schema, each with the value it puts there. */
function mutationsFor(field, random) {
  const { schema, parent, key, present } = field;
  const out = [];
  const when = schema['x-required-when'];
  const required =
    (parent.required ?? []).includes(key) ||
    (when && Object.entries(when).every(([other, expected]) => field.siblings?.[other] === expected));
  if (required && present) out.push(['missing', undefined]);
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (type === 'string' || schema.enum) out.push(['wrongType', 42]);
  if (type === 'integer' || type === 'number') out.push(['wrongType', '7']);
  if (type === 'boolean') out.push(['wrongType', 'true']);
  if (type === 'array') out.push(['wrongType', 'x']);
  if (type === 'object') out.push(['wrongType', []], ['wrongType', 'x']);
  if (type === 'integer') out.push(['notInteger', (schema.minimum ?? 0) + 0.5]);
  if (typeof schema.maximum === 'number')
    out.push(['aboveMaximum', type === 'integer' ? schema.maximum + 1 : schema.maximum * 2 + 1]);
  if (typeof schema.minimum === 'number')
    out.push(['belowMinimum', type === 'integer' ? schema.minimum - 1 : schema.minimum - 1]);
  if (type === 'integer' && schema.maximum === undefined) out.push(['aboveMaximum', 2 ** 31]);
  if (type === 'string' && typeof schema.maxLength === 'number')
    out.push(['tooLong', 'x'.repeat(schema.maxLength + 1)]);
  if (type === 'string' && schema.minLength > 0) out.push(['tooShort', 'x'.repeat(schema.minLength - 1)]);
  if (type === 'array' && typeof schema.maxItems === 'number' && schema.items) {
    out.push([
      'tooManyItems',
      Array.from(
        { length: schema.maxItems + 1 },
        () => fc.sample(valid(schema.items), { numRuns: 1, seed: Math.floor(random() * 2 ** 31) })[0],
      ),
    ]);
  }
  if (schema.enum) out.push(['notInEnum', 'not-one-of-them']);
  if (schema.format === 'uuid') out.push(['format', 'not-a-uuid']);
  if (schema.format === 'date-time') out.push(['format', '2027-02-30T09:00:00Z']);
  if (schema.format === 'date') out.push(['format', '2027-02-30']);
  if (schema.format === 'email') out.push(['format', 'not-an-email']);
  if (schema.format === 'uri') out.push(['format', 'not a url']);
  if (schema.format === 'iana-time-zone') out.push(['format', 'UTC+25']);
  if (schema.pattern) out.push(['pattern', '!!']);
  if (type === 'string' && !schema.enum) out.push(['nul', 'a\u0000b'], ['loneSurrogate', 'a\ud800b']);
  if (!schema.nullable) out.push(['null', null]);
  return out;
}

function setAt(body, path, value) {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  if (value === undefined) delete node[keys.at(-1)];
  else node[keys.at(-1)] = value;
  return copy;
}

const pick = (random, items) => items[Math.floor(random() * items.length)];

function queryString(entries) {
  const search = new URLSearchParams();
  for (const [name, value] of entries)
    for (const item of [value].flat())
      if (item !== undefined && item !== null) search.append(name, String(item));
  const text = search.toString();
  return text ? `?${text}` : '';
}

function fillPath(operation, values) {
  return operation.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(values[name]));
}

/** `count` requests valid by the operation's schemas: none may get a 400 for a rule the document states. */
export function validCases(operation, ids, seed, count) {
  const pathValues = fc.record(
    Object.fromEntries(
      operation.pathParameters.map((p) => [p.name, p.name === 'token' ? text(1, 40) : fc.uuid()]),
    ),
  );
  const query = fc.record(
    Object.fromEntries(operation.queryParameters.map((p) => [p.name, valid(p.schema, ids, p.name)])),
    {
      requiredKeys: operation.queryParameters.filter((p) => p.required).map((p) => p.name),
    },
  );
  const body = operation.body ? valid(operation.body, ids) : fc.constant(undefined);
  // A cursor is opaque: only one a page handed out is valid, so generated ones are left out.
  return fc
    .sample(fc.tuple(pathValues, query, body), { seed, numRuns: count })
    .map(([pathValue, queryValue, bodyValue]) => ({
      kind: 'valid',
      path:
        fillPath(operation, pathValue) +
        queryString(Object.entries(queryValue).filter(([name]) => name !== 'cursor')),
      body: bodyValue === undefined ? undefined : JSON.stringify(bodyValue),
      contentType: 'application/json',
    }));
}

/**
 * `count` requests each made invalid by one mutation of one field (body, query or path), or by one hostile class:
 * each must get a 400 (415 for a form body) naming that field, and change nothing.
 */
export function invalidCases(operation, ids, seed, count, random) {
  const bases = validCases(operation, ids, seed, count);
  const cases = [];
  for (const base of bases) {
    const bodyValue = base.body === undefined ? undefined : JSON.parse(base.body);
    const options = [];
    if (operation.body && bodyValue && typeof bodyValue === 'object') {
      for (const field of fieldsOf(operation.body, bodyValue)) {
        for (const [mutation, value] of mutationsFor(field, random)) {
          options.push(() => ({
            where: 'body',
            field: field.path,
            mutation,
            body: JSON.stringify(setAt(bodyValue, field.path, value)),
          }));
        }
      }
      options.push(() => ({
        where: 'body',
        field: 'unexpectedField',
        mutation: 'unknownField',
        body: JSON.stringify({ ...bodyValue, unexpectedField: 1 }),
      }));
      options.push(() => ({
        where: 'body',
        field: '__proto__',
        mutation: 'forbiddenKey',
        body: `{"__proto__":{"admin":true},${base.body.slice(1)}`.replace(/,}$/, '}'),
      }));
      options.push(() => ({
        where: 'body',
        field: '',
        mutation: 'maxDepth',
        body: JSON.stringify({ ...bodyValue, deep: nest(40) }),
      }));
      options.push(() => ({
        where: 'body',
        field: 'content-type',
        mutation: 'formBody',
        body: 'a=1&b=2',
        contentType: 'application/x-www-form-urlencoded',
        status: 415,
      }));
    }
    for (const parameter of operation.queryParameters) {
      if (parameter.name === 'cursor') {
        options.push(() => ({
          where: 'query',
          field: 'cursor',
          mutation: 'forgedCursor',
          query: [['cursor', Buffer.from(JSON.stringify(["x' OR 1=1--", 'y'])).toString('base64url')]],
        }));
        continue;
      }
      const field = {
        path: parameter.name,
        key: parameter.name,
        schema: parameter.schema,
        parent: { required: [] },
        present: true,
      };
      for (const [mutation, value] of mutationsFor(field, random)) {
        // A query is text: a number or null in it is a string, and a lone surrogate cannot be percent-encoded.
        if (
          ['wrongType', 'null', 'missing', 'loneSurrogate'].includes(mutation) &&
          (mutation !== 'wrongType' || !['integer', 'number', 'boolean'].includes(parameter.schema.type))
        )
          continue;
        if (mutation === 'wrongType' && value === '7') {
          options.push(() => ({
            where: 'query',
            field: parameter.name,
            mutation,
            query: [[parameter.name, 'seven']],
          }));
        } else if (mutation === 'wrongType' && value === 'true') {
          options.push(() => ({
            where: 'query',
            field: parameter.name,
            mutation,
            query: [[parameter.name, 'maybe']],
          }));
        } else if (value !== undefined && value !== null && typeof value !== 'object') {
          options.push(() => ({
            where: 'query',
            field: parameter.name,
            mutation,
            query: [[parameter.name, value]],
          }));
        }
      }
    }
    for (const parameter of operation.pathParameters) {
      if (parameter.name === 'token') continue;
      // A path parameter with a pattern of its own (a sign-in name) is not a UUID: break its pattern instead.
      const ownPattern = parameter.schema?.pattern && parameter.schema.format !== 'uuid';
      options.push(() => ({
        where: 'path',
        field: parameter.name,
        mutation: ownPattern ? 'pattern' : 'format',
        pathValue: [parameter.name, ownPattern ? '-Not_A_Name-' : 'not-a-uuid'],
      }));
      options.push(() => ({
        where: 'path',
        field: parameter.name,
        mutation: 'nul',
        pathValue: [parameter.name, 'a\u0000b'],
      }));
    }
    if (options.length === 0) continue;
    const chosen = pick(random, options)();
    let path = base.path;
    if (chosen.pathValue) {
      const [name, value] = chosen.pathValue;
      const values = {};
      operation.path.replace(
        /\{(\w+)\}/g,
        (_, n) => (values[n] = n === name ? value : '00000000-0000-4000-8000-000000000000'),
      );
      path =
        fillPath(operation, values) +
        (base.path.includes('?') ? base.path.slice(base.path.indexOf('?')) : '');
    }
    if (chosen.query) {
      const [pathOnly, search = ''] = path.split('?');
      const params = new URLSearchParams(search);
      for (const [name, value] of chosen.query) params.set(name, String(value));
      path = `${pathOnly}?${params.toString()}`;
    }
    cases.push({
      kind: 'invalid',
      path,
      body: chosen.body ?? base.body,
      contentType: chosen.contentType ?? 'application/json',
      field: chosen.field,
      mutation: chosen.mutation,
      where: chosen.where,
      status: chosen.status ?? 400,
    });
  }
  return cases;
}

function nest(depth) {
  let value = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** What an answer to a case means: undefined when it is as the contract says, otherwise why not. */
export function judge(testCase, status, body) {
  if (status >= 500) return `5xx (${status})`;
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (testCase.kind === 'valid') {
    if (status !== 400) return undefined;
    const schemaRules = errors.filter((e) => SCHEMA_RULES.has(e.rule));
    return schemaRules.length > 0 || errors.length === 0
      ? `400 for a schema-valid value: ${JSON.stringify(errors.length ? schemaRules : body).slice(0, 300)}`
      : undefined;
  }
  if (status !== testCase.status)
    return `${status} instead of ${testCase.status} for ${testCase.mutation} of ${testCase.field}`;
  const named = errors.some(
    (e) =>
      e.field === testCase.field ||
      e.field.startsWith(`${testCase.field}.`) ||
      (testCase.field === '' && e.rule === 'maxDepth'),
  );
  return named
    ? undefined
    : `${status} without naming ${testCase.field} (${testCase.mutation}): ${JSON.stringify(errors).slice(0, 300)}`;
}

/** Whether a valid answer was a refusal by a rule the document cannot state (an id naming nothing, say). */
export const semanticRefusal = (status, body) =>
  status === 400 && (body?.errors ?? []).every((e) => !SCHEMA_RULES.has(e.rule));

const hashOf = (text) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0);

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function seeded(seed) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Sends `perOperation` valid cases (as `valid.token`, naming `valid.ids`) and as many invalid ones (as
 * `invalid.token`, in another organisation whose data must stay unchanged) to every operation, `concurrency`
 * operations at a time, each operation from a generator of its own so runs replay exactly.
 */
export async function runSchemaContract({
  baseUrl,
  operations,
  valid: validSide,
  invalid: invalidSide,
  seed,
  perOperation,
  concurrency = 1,
}) {
  const result = {
    operations: operations.length,
    sent: { valid: 0, invalid: 0 },
    statuses: {},
    semanticRefusals: 0,
    failures: [],
    resent: [],
  };
  const queue = [...operations];
  const send = async (operation, testCase, token) => {
    const request = () =>
      fetch(`${baseUrl}${testCase.path}`, {
        method: operation.method,
        headers: {
          ...(testCase.body !== undefined ? { 'content-type': testCase.contentType } : {}),
          // Each request from an address of its own, so per-address rate limits do not answer instead.
          'x-forwarded-for': `198.18.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
          ...(operation.public ? {} : { authorization: `Bearer ${token}` }),
        },
        body: operation.method === 'GET' ? undefined : testCase.body,
      });
    // A connection closed under the request is a network failure, not an answer: it is sent up to twice more,
    // and each one is counted and described, so it can never hide a crash (the next request would fail too).
    let response;
    for (let attempt = 1; !response; attempt++) {
      try {
        response = await request();
      } catch (error) {
        result.resent.push(
          `${operation.method} ${testCase.path.slice(0, 100)} ${testCase.mutation ?? testCase.kind} ${testCase.field ?? ''} ` +
            `(${Buffer.byteLength(testCase.body ?? '')} bytes, attempt ${attempt}): ${error.cause?.message ?? error.message}`,
        );
        if (attempt === 3) {
          result.failures.push(`${operation.method} ${testCase.path.slice(0, 100)}: no answer in 3 attempts`);
          return;
        }
      }
    }
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    result.sent[testCase.kind]++;
    result.statuses[response.status] = (result.statuses[response.status] ?? 0) + 1;
    if (testCase.kind === 'valid' && semanticRefusal(response.status, body)) result.semanticRefusals++;
    const verdict = judge(testCase, response.status, body);
    if (verdict)
      result.failures.push(
        `${operation.method} ${operation.path} ${testCase.path.slice(0, 100)}: ${verdict}; body ${String(testCase.body).slice(0, 200)}`,
      );
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let operation = queue.shift(); operation; operation = queue.shift()) {
        const operationSeed = seed ^ hashOf(`${operation.method} ${operation.path}`);
        for (const testCase of validCases(operation, validSide.ids, operationSeed, perOperation))
          await send(operation, testCase, validSide.token);
        const random = seeded(operationSeed);
        for (const testCase of invalidCases(
          operation,
          invalidSide.ids,
          operationSeed + 1,
          perOperation,
          random,
        ))
          await send(operation, testCase, invalidSide.token);
      }
    }),
  );
  return result;
}
