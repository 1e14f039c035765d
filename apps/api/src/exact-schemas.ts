import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { requiredWhenOf } from '@kaizen/api/util-core';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};
type Metadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** class-validator's type of IsOptional and ValidateIf. */
const CONDITIONAL = 'conditionalValidation';

/**
 * Makes the OpenAPI document state exactly what the validation pipe enforces, read from the same class-validator
 * rules that enforce it, so the document cannot drift from the server: integer or number, bounds, lengths,
 * item counts, enums, formats and patterns, which fields are required, and that no other field is accepted
 * (the pipe forbids unknown fields). Swagger's decorators alone are hand-written and were found to lie.
 */
export function makeSchemasExact(document: OpenAPIObject): OpenAPIObject {
  const classes = validatedClasses();
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(schemas)) {
    const target = classes.get(name);
    if (target) applyRules(schema, rulesOf(target), true);
  }
  for (const [path, methods] of Object.entries(document.paths)) {
    // SCIM's ids, queries and bodies follow RFC 7643/7644, not the DTO rules below.
    if (path.startsWith('/api/scim/')) continue;
    for (const operation of Object.values(
      methods as Record<
        string,
        { parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }> }
      >,
    )) {
      const parameters = operation.parameters ?? [];
      for (const parameter of parameters.filter((p) => p.in === 'path')) {
        // Every path id goes through IdParam (a UUID); invitation tokens and parameters with a pattern of their
        // own (an organisation's single sign-on name) are the other path parameters.
        if (parameter.schema && parameter.name !== 'token' && !parameter.schema.pattern)
          parameter.schema.format = 'uuid';
        if (parameter.schema && parameter.name === 'token') parameter.schema.maxLength = 100;
      }
      const query = parameters.filter((p) => p.in === 'query');
      if (query.length === 0) continue;
      const target = queryClassFor(
        classes,
        query.map((p) => p.name),
      );
      if (!target) continue;
      const rules = rulesOf(target);
      const wrapper: Schema = {
        type: 'object',
        properties: Object.fromEntries(query.map((p) => [p.name, p.schema ?? {}])),
      };
      applyRules(wrapper, rules, false);
      for (const parameter of query) parameter.required = wrapper.required?.includes(parameter.name) ?? false;
    }
  }
  return document;
}

function validatedClasses(): Map<string, new () => object> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<new () => object, Metadata[]>;
  };
  const classes = new Map<string, new () => object>();
  for (const target of storage.validationMetadatas.keys())
    if (typeof target === 'function') classes.set(target.name, target);
  return classes;
}

function queryClassFor(
  classes: Map<string, new () => object>,
  names: string[],
): (new () => object) | undefined {
  for (const [name, target] of classes) {
    if (!name.endsWith('QueryDto')) continue;
    const properties = new Set(rulesOf(target).map((rule) => rule.propertyName));
    if (properties.size === names.length && names.every((n) => properties.has(n))) return target;
  }
  return undefined;
}

function rulesOf(target: new () => object): Metadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
}

function applyRules(schema: Schema, rules: Metadata[], closed: boolean): void {
  const byProperty = new Map<string, Metadata[]>();
  for (const rule of rules)
    byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  const required = new Set(schema.required ?? []);
  for (const [property, own] of byProperty) {
    const target = schema.properties?.[property];
    if (!target) continue;
    // IsOptional makes a field optional; ValidateIf (required under a condition) keeps what the DTO declares.
    if (own.some((rule) => rule.type === CONDITIONAL && rule.name === 'isOptional'))
      required.delete(property);
    else if (!own.some((rule) => rule.type === CONDITIONAL)) required.add(property);
    for (const rule of own) applyRule(rule.each ? itemsOf(target) : target, rule);
    const when = own[0] && requiredWhenOf((own[0].target as () => void).prototype, property);
    if (when) target['x-required-when'] = when;
  }
  if (required.size > 0) schema.required = [...required];
  else delete schema.required;
  if (closed && schema.additionalProperties === undefined) schema.additionalProperties = false;
}

function itemsOf(schema: Schema): Schema {
  if (!schema.items) schema.items = {};
  return schema.items;
}

/** A `$ref` (or `allOf` of one) cannot carry siblings in OpenAPI 3.0; its own schema states the rules. */
function isReference(schema: Schema): boolean {
  return '$ref' in schema || 'allOf' in schema;
}

function applyRule(schema: Schema, rule: Metadata): void {
  const [first, second] = (rule.constraints ?? []) as unknown[];
  switch (rule.name) {
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'isNumber': {
      schema.type = 'number';
      const places = (first as { maxDecimalPlaces?: number } | undefined)?.maxDecimalPlaces;
      if (places !== undefined) schema.multipleOf = 10 ** -places;
      break;
    }
    case 'isString':
      schema.type = 'string';
      break;
    case 'isBoolean':
      schema.type = 'boolean';
      break;
    case 'isArray':
      schema.type = 'array';
      break;
    case 'isObject':
      if (!isReference(schema)) schema.type = 'object';
      break;
    case 'min':
      schema.minimum = first;
      break;
    case 'max':
      schema.maximum = first;
      break;
    case 'minLength':
      schema.minLength = first;
      break;
    case 'maxLength':
      schema.maxLength = first;
      break;
    case 'isLength':
      schema.minLength = first;
      if (typeof second === 'number') schema.maxLength = second;
      break;
    case 'arrayMinSize':
      schema.minItems = first;
      break;
    case 'arrayMaxSize':
      schema.maxItems = first;
      break;
    case 'isIn':
      schema.enum = [...(first as unknown[])];
      break;
    case 'isUuid':
      schema.format = 'uuid';
      break;
    case 'isEmail':
      schema.format = 'email';
      break;
    case 'isUrl':
      schema.format = 'uri';
      break;
    case 'isIso8601':
      schema.format ??= 'date-time';
      break;
    case 'isDateTime':
      schema.format = 'date-time';
      break;
    case 'isTimeZone':
      // Not a registered format: a name of the IANA time-zone database, such as Europe/Amsterdam.
      schema.format = 'iana-time-zone';
      schema.maxLength = 64;
      break;
    case 'matches':
      schema.pattern = (first as RegExp).source;
      break;
  }
}
