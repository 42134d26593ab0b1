/**
 * The API's contract as test data: the operations of /openapi.json, fast-check arbitraries derived
 * from their JSON schemas (valid-looking values, adversarial strings and mutations), and the zod
 * response schemas the routes declare (from the app's OpenAPI registry).
 *
 * Nothing here names a route: a route added to the app is fuzzed and checked as soon as it appears in
 * /openapi.json. A schema construct the generator does not know fails loudly with the route's name.
 */
import fc from 'fast-check';
import type { ZodType } from 'zod';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../shared/http/context.js';
import { makeIdNumber } from './persons.js';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
};

type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema: JsonSchema };
type OperationObject = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
  security?: unknown[];
};
export type OpenApiDocument = {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** One operation of the document: `GET /v1/persons/{id}`. */
export type Operation = {
  method: string;
  path: string;
  key: string;
  parameters: Parameter[];
  body?: JsonSchema;
  bodyRequired: boolean;
  statuses: number[];
};

/** Every operation in the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      key: `${method.toUpperCase()} ${path}`,
      parameters: op.parameters ?? [],
      ...(op.requestBody?.content['application/json'] ? { body: op.requestBody.content['application/json'].schema } : {}),
      bodyRequired: op.requestBody?.required ?? false,
      statuses: Object.keys(op.responses).map(Number),
    })),
  );
}

/** Strings that have broken parsers, keys, logs and renderers somewhere. */
export const adversarialStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\n\r\t',
  '\u202e\u2066evil',
  '\u200b',
  '\ud800',
  '\udfff\ud800',
  '😀👨‍👩‍👧',
  'x'.repeat(10_000),
  '王'.repeat(3_000),
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '{"$ne":null}',
  "' OR '1'='1' --",
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '#',
  'PK#AUDIT#',
  'FACILITY#x',
  '__proto__',
  'constructor',
  'prototype',
  '${jndi:ldap://x}',
  '\\',
  '"',
  'lv lü lu: nü',
  '2026-02-30',
  '2026-13-01T25:61:61Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '00000000-0000-0000-0000-000000000000',
  'before:2026-02-30',
  '110101190001010000',
];

const adversarial = fc.constantFrom(...adversarialStrings);
/** Text as people type it here: Han characters, pinyin letters, digits, a little punctuation. */
const humanText = (minLength: number, maxLength: number) =>
  fc
    .array(fc.oneof(fc.constantFrom(...'王小明李娟张伟刘芳陈静杨洋赵磊黄敏吕绿单曾解·'), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 -')), {
      minLength,
      maxLength: Math.min(maxLength, minLength + 24),
    })
    .map((chars) => chars.join(''));

const isoDate = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
/** Instants around now (most requests), with an offset as phones send them. */
const isoDateTime = fc
  .oneof(
    fc.integer({ min: -3 * 86_400_000, max: 3_600_000 }).map((delta) => new Date(Date.now() + delta)),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  )
  .chain((d) => fc.constantFrom(d.toISOString(), new Date(d.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00')));

/** Values a field of this name usually holds, so that some requests get past validation. */
export type Hints = { districts: string[]; ids: string[] };

function hinted(name: string | undefined, hints: Hints): fc.Arbitrary<unknown> | undefined {
  switch (name) {
    case 'district':
      return fc.constantFrom(...hints.districts);
    case 'idNumber':
      return fc.integer({ min: 1, max: 999 }).map((sequence) => makeIdNumber('1951-03-07', sequence, hints.districts[0]));
    case 'phone':
      return fc.constantFrom('13812345678', '023-68881234', '+86 139 0000 1111');
    case 'personId':
    case 'facilityId':
    case 'toFacilityId':
    case 'encounterId':
    case 'proposalId':
    case 'subjectId':
    case 'id':
      return hints.ids.length ? fc.oneof(fc.constantFrom(...hints.ids), fc.uuid()) : fc.uuid();
    case 'due':
      return isoDate.map((d) => `before:${d}`);
    default:
      return undefined;
  }
}

/** Thrown for a schema construct the generator does not cover; the suite fails with the route's name. */
export class UnsupportedSchema extends Error {}

/**
 * An arbitrary of values that mostly satisfy `schema` (with `hints` for well-known field names), now
 * and then an adversarial string in a string's place.
 */
export function arbitraryOf(schema: JsonSchema, doc: OpenApiDocument, hints: Hints, name?: string, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const target = doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new UnsupportedSchema(`unresolvable $ref ${schema.$ref}`);
    return arbitraryOf(target, doc, hints, name, depth + 1);
  }
  if (depth > 12) throw new UnsupportedSchema('schema nested deeper than 12 levels');
  const hint = hinted(name, hints);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => arbitraryOf(choice, doc, hints, name, depth + 1)));
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => arbitraryOf(part, doc, hints, name, depth + 1));
    return fc.tuple(...parts).map((values) => (values.every((v) => v && typeof v === 'object' && !Array.isArray(v)) ? Object.assign({}, ...values) : values.at(-1)));
  }
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => arbitraryOf({ ...schema, type }, doc, hints, name, depth + 1)));
  }
  const base = ((): fc.Arbitrary<unknown> => {
    switch (schema.type) {
      case 'string': {
        if (hint) return hint;
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'date') return isoDate;
        if (schema.format === 'date-time') return isoDateTime;
        if (schema.format === 'uri') return fc.webUrl();
        if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
        if (schema.format !== undefined) throw new UnsupportedSchema(`string format ${schema.format}`);
        return humanText(schema.minLength ?? 0, schema.maxLength ?? 40);
      }
      case 'integer':
      case 'number': {
        const min = schema.minimum ?? (typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (schema.type === 'integer' ? 1 : 1e-9) : -1e6);
        const max = schema.maximum ?? (typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (schema.type === 'integer' ? 1 : 1e-9) : 1e6);
        return schema.type === 'integer'
          ? fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) })
          : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        // A tuple (e.g. a GeoJSON position [lng, lat]): each place its own schema.
        if (!schema.items && schema.prefixItems) return fc.tuple(...schema.prefixItems.map((item) => arbitraryOf(item, doc, hints, undefined, depth + 1)));
        if (!schema.items) throw new UnsupportedSchema('array without items');
        return fc.array(arbitraryOf(schema.items, doc, hints, undefined, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4),
        });
      }
      case 'object':
      case undefined: {
        if (!schema.properties && schema.type === undefined) return fc.jsonValue({ maxDepth: 2 });
        const properties = schema.properties ?? {};
        const required = new Set(schema.required ?? []);
        const fields = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, arbitraryOf(value, doc, hints, key, depth + 1)]));
        return fc.record(fields, { requiredKeys: Object.keys(fields).filter((key) => required.has(key)) });
      }
      default:
        throw new UnsupportedSchema(`type ${String(schema.type)}`);
    }
  })();
  if (schema.type === 'string') return fc.oneof({ weight: 40, arbitrary: base }, { weight: 1, arbitrary: adversarial });
  return schema.nullable ? fc.option(base, { nil: null }) : base;
}

/** Turns a valid-looking value into a hostile one: a missing, extra, retyped or hostile field. */
export function mutated(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(value, fc.nat(), fc.oneof(adversarial, fc.jsonValue({ maxDepth: 2 }))).map(([v, pick, junk]) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return junk;
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length ? (keys[pick % keys.length] as string) : 'unexpected';
    switch (pick % 4) {
      case 0:
        delete copy[key];
        break;
      case 1:
        copy[`${key}Extra`] = junk;
        break;
      case 2:
        copy[key] = junk;
        break;
      default:
        copy['__proto__'] = { polluted: true };
        copy['constructor'] = junk;
    }
    return copy;
  });
}

type RouteDefinition = {
  type: string;
  route?: { method: string; path: string; responses: Record<string, { content?: Record<string, { schema?: ZodType }> }> };
};

/** The zod schema a route declares for a status's JSON body, from the app's OpenAPI registry. */
export function responseSchemas(app: OpenAPIHono<AppEnv>): Map<string, Map<number, ZodType>> {
  const byRoute = new Map<string, Map<number, ZodType>>();
  for (const definition of app.openAPIRegistry.definitions as RouteDefinition[]) {
    if (definition.type !== 'route' || !definition.route) continue;
    const { method, path, responses } = definition.route;
    const statuses = new Map<number, ZodType>();
    for (const [status, response] of Object.entries(responses)) {
      const schema = response.content?.['application/json']?.schema;
      if (schema) statuses.set(Number(status), schema);
    }
    byRoute.set(`${method.toUpperCase()} ${path}`, statuses);
  }
  return byRoute;
}

/** Paths where `parsed` (the schema's output) lacks a key that `sent` has: a field no schema declares. */
export function undeclaredFields(sent: unknown, parsed: unknown, at = 'body'): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((item, i) => undeclaredFields(item, parsed[i], `${at}[${i}]`));
  if (sent && typeof sent === 'object' && parsed && typeof parsed === 'object') {
    return Object.entries(sent as Record<string, unknown>).flatMap(([key, value]) =>
      key in (parsed as Record<string, unknown>) ? undeclaredFields(value, (parsed as Record<string, unknown>)[key], `${at}.${key}`) : [`${at}.${key}`],
    );
  }
  return [];
}
