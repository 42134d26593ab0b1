import { createRoute, z } from '@hono/zod-openapi';
import { primaryRole, scopeDistrict } from '../../domain/access.js';
import { districtCode, text } from '../../domain/common.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { idNumberSchema } from '../../domain/idNumber.js';
import { nameQueryKey } from '../../domain/names.js';
import { clinicalFindingInput, identityStatuses, personInput, personPatch, personStatuses, riskFactors } from '../../domain/person.js';
import { followUpRowView, foundPersonView, personViews, summaryViews } from '../../domain/person-views.js';
import {
  clearConcernFlag, createPerson, recordClinicalFinding, findPersons, listFollowUps, lookupByIdNumber, readPerson, updatePerson, viewPerson, viewSummaries,
} from '../../services/persons.js';
import { allow } from '../auth.js';
import { etagOf, sendStored, versionFromIfMatch } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { caseOnIdentityLost } from '../../services/tracing.js';
import { personContext, tracingContext } from '../service-context.js';
import {
  bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery, problemSchema,
  preconditionResponses, tooManyResponse, dueBeforeQuery,
} from '../schemas.js';

/** Any of the role views; the response is parsed with the caller's one. */
const personView = z
  .union([personViews.shelter, personViews.patrol, personViews.tracer, foundPersonView])
  .openapi('Person', {
    description:
      'Fields depend on the role: tracers get no ID number, guardians or health; patrol no ID number or health notes; ' +
      'a person of another district (found through the ID-number lookup) shows only who they are and whom to call.',
  });
const summaryView = z.union([summaryViews.full, summaryViews.tracer]).openapi('PersonSummary');
const idParam = z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) });


const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['persons'],
  summary: 'Register a person in the at-risk register (易流浪走失人员数据库)',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { headers: idempotencyHeaders, body: jsonBody(personInput) },
  responses: {
    201: jsonResponse(z.object({ person: personView, possibleDuplicates: z.array(summaryView) }), 'Registered; similar records are listed'),
    ...errorResponses,
    ...createResponses,
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['persons'],
  summary: 'Search by name (characters, pinyin, initials, homophones) or list a district',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: {
    query: z.object({
      q: text(50).optional(),
      riskFactor: z.enum(riskFactors).optional(),
      status: z.enum(personStatuses).optional(),
      identityStatus: z.enum(identityStatuses).optional(),
      district: districtCode.optional(),
      ...pageQuery,
    }),
  },
  responses: { 200: jsonResponse(z.object({ items: z.array(summaryView), nextCursor: z.string().nullable() }), 'One page'), ...errorResponses },
});

const lookup = createRoute({
  method: 'post',
  path: '/lookup',
  tags: ['persons'],
  summary: 'Find a person by ID number (sent in the body, never in a URL)',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { body: jsonBody(z.strictObject({ idNumber: idNumberSchema })) },
  responses: { 200: jsonResponse(personView, 'The person'), ...errorResponses, ...notFoundResponse, ...tooManyResponse },
});

const followUps = createRoute({
  method: 'get',
  path: '/follow-ups',
  tags: ['persons'],
  summary: 'The follow-up work list: register re-surveys, visits and follow-ups after a refusal, due by a date, soonest first',
  description: 'Rules 1 and 12. `due=before:2026-12-01` lists what is due on or before that CST date, overdue first.',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: {
    query: z.object({
      due: dueBeforeQuery,
      district: districtCode.optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(followUpRowView), nextCursor: z.string().nullable() }), 'One page'),
    ...errorResponses,
  },
});

const clearFlag = createRoute({
  method: 'post',
  path: '/{id}/concern-flag/clearance',
  tags: ['persons'],
  summary: 'Clear the rule-2 flag (suspected lost, trafficked or abandoned, or missing from care) once the police report is made and the suspicion resolved',
  description: 'Name what raised the flag: the encounter (`encounterId`) or, for a protected person who left care, the stay (`stayId`).',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: {
    params: z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) }),
    body: jsonBody(
      z
        .strictObject({
          encounterId: z.uuid({ error: 'The encounter that raised the flag.' }).optional(),
          stayId: z.uuid({ error: 'The stay the person left, which raised the flag.' }).optional(),
          reason: text(500),
        })
        .refine((body) => (body.encounterId === undefined) !== (body.stayId === undefined), { path: ['encounterId'], message: 'Name the encounter or the stay that raised the flag (one of them).' }),
    ),
  },
  responses: { 200: jsonResponse(personView, 'The person, no longer flagged'), ...errorResponses, ...notFoundResponse, ...createResponses },
});

const clinicalFinding = createRoute({
  method: 'post',
  path: '/{id}/clinical-finding',
  tags: ['persons'],
  summary: 'Record a clinician’s finding on a (suspected) mental disorder: it clears a suspicion seen on the street before it, or confirms it',
  description:
    'Rules 8 and 9 read a mental disorder suspected at an encounter as a recorded one until a clinician’s finding made after the suspicion clears it. ' +
    'The same finding sent again changes nothing; one older than the finding on record is a 409.',
  security: bearer,
  middleware: [allow('shelter', 'admin')] as const,
  request: { params: z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) }), body: jsonBody(clinicalFindingInput) },
  responses: {
    200: jsonResponse(personView, 'The person with the finding'),
    ...errorResponses,
    ...notFoundResponse,
    409: { description: 'A later finding is on record.', content: { 'application/problem+json': { schema: problemSchema } } },
  },
});

const read = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['persons'],
  summary: 'One person, in the view of the caller’s role (audited)',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(personView, 'The person; ETag carries the version'), ...errorResponses, ...notFoundResponse },
});

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['persons'],
  summary: 'Change a person; needs If-Match with the ETag last read',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'admin')] as const,
  request: { params: idParam, headers: z.object({ 'if-match': z.string().optional() }), body: jsonBody(personPatch) },
  responses: {
    200: jsonResponse(personView, 'The changed person'),
    ...errorResponses,
    ...notFoundResponse,
    ...createResponses,
    ...preconditionResponses,
  },
});

/** The at-risk register: persons. */
export const personsRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const result = await createPerson(personContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), body);
    return sendStored(c, result);
  })
  .openapi(list, async (c) => {
    const { q, riskFactor, status, identityStatus, district, limit, cursor } = c.req.valid('query');
    if (riskFactor && primaryRole(c.var.actor) === 'tracer') {
      // Risk factors are health details: a tracer may not see them, nor select people by them.
      throw new DomainError('forbidden', 'Your role may not filter by risk factor.', {
        errors: [{ path: 'query.riskFactor', message: 'Not available to tracers.' }],
      });
    }
    const searchKey = q === undefined ? undefined : nameQueryKey(q);
    if (searchKey === null) throw validationError([{ path: 'query.q', message: 'Search by name: characters, pinyin or initials.' }]);
    const filter = { riskFactor, status, identityStatus };
    const page = await findPersons(personContext(c), scopeDistrict(c.var.actor, district), { ...(searchKey ? { searchKey } : {}), filter }, { limit, cursor });
    return c.json({ items: viewSummaries(c.var.actor, page.items), nextCursor: page.nextCursor }, 200);
  })
  .openapi(followUps, async (c) => {
    const { due, district, limit, cursor } = c.req.valid('query');
    const page = await listFollowUps(personContext(c), scopeDistrict(c.var.actor, district), due, { limit, cursor });
    return c.json({ items: page.items.map((row) => followUpRowView.parse(row)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(clinicalFinding, async (c) => {
    const person = await recordClinicalFinding(personContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(viewPerson(c.var.actor, person), 200, { etag: etagOf(person.version) });
  })
  .openapi(clearFlag, async (c) => {
    const person = await clearConcernFlag(personContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(viewPerson(c.var.actor, person), 200, { etag: etagOf(person.version) });
  })
  .openapi(lookup, async (c) => {
    const person = await lookupByIdNumber(personContext(c), c.req.valid('json').idNumber);
    return c.json(viewPerson(c.var.actor, person), 200, { etag: etagOf(person.version) });
  })
  .openapi(read, async (c) => {
    const person = await readPerson(personContext(c), c.req.valid('param').id);
    return c.json(viewPerson(c.var.actor, person), 200, { etag: etagOf(person.version) });
  })
  .openapi(update, async (c) => {
    const header = c.req.valid('header')['if-match'];
    if (header === undefined) throw new DomainError('precondition_required', 'Send If-Match with the ETag of the version you read.');
    if (header.trim() === '*') throw new DomainError('precondition_required', 'If-Match must name the version you read, not *.');
    const version = versionFromIfMatch(header);
    if (version === null) throw new DomainError('precondition_failed', 'The If-Match value is not a version of this person.');
    // A resident patched to unidentified gets a tracing case in the same transaction (rule 3).
    const person = await updatePerson(personContext(c), c.req.valid('param').id, c.req.valid('json'), version, caseOnIdentityLost(tracingContext(c)));
    return c.json(viewPerson(c.var.actor, person), 200, { etag: etagOf(person.version) });
  });
