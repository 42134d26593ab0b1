import { createRoute, z } from '@hono/zod-openapi';
import { correctionDecisionInput, correctionInput, correctionView, erasureInput, erasureView, exportQuery } from '../../domain/privacy.js';
import { decideCorrection, erasePerson, exportPerson, listCorrections, requestCorrection } from '../../services/privacy.js';
import { exportPage } from '../../services/privacy-page.js';
import { noticePolicy } from '../../services/notice.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { privacyContext } from '../service-context.js';
import { bearer, documented, errorResponses, jsonBody, jsonResponse, notFoundResponse, problem } from '../schemas.js';

const personParam = z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) });

const personExport = z
  .object({
    exportedAt: z.string(),
    exportedBy: z.string(),
    basis: z.string(),
    requester: z.string(),
    person: z.record(z.string(), z.unknown()),
    encounters: z.array(z.record(z.string(), z.unknown())),
    stays: z.array(z.record(z.string(), z.unknown())),
    placements: z.array(z.record(z.string(), z.unknown())),
    proposals: z.array(z.record(z.string(), z.unknown())),
    aidCases: z.array(z.record(z.string(), z.unknown())),
    waitlist: z.array(z.record(z.string(), z.unknown())),
    tracing: z.record(z.string(), z.unknown()).nullable(),
    photos: z.array(z.record(z.string(), z.unknown())),
    noticePortrait: z.object({ photoId: z.string() }).nullable(),
    matches: z.array(z.record(z.string(), z.unknown())),
    corrections: z.array(correctionView),
    audit: z.array(z.object({ at: z.string(), actor: z.string(), role: z.string(), action: z.string(), reason: z.string().optional() })),
  });

const exportRoute = createRoute({
  method: 'get',
  path: '/{id}/export',
  tags: ['privacy'],
  summary: 'Everything held about one person (PIPL arts. 44-45), as JSON or a printable page (`format=html`)',
  description:
    'The record (ID number opened), encounters, stays, placements and proposals, waitlist places, aid cases, the tracing case and its timeline, ' +
    'photos as download links valid for minutes, match candidates, correction requests, and the audit trail of who read or changed the record. ' +
    'Audited with who asked (`requester`) and the legal basis (`basis`). Admin only, in their district.',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: personParam, query: exportQuery },
  responses: {
    200: {
      description: 'The export',
      content: { 'application/json': { schema: documented(personExport, 'PersonExport') }, 'text/html': { schema: z.string() } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const erasureRoute = createRoute({
  method: 'post',
  path: '/{id}/erasure',
  tags: ['privacy'],
  summary: 'Erase a person everywhere (PIPL art. 47): 201 with what was removed; asked again, 200 with the same erasure',
  description:
    'Removes the record, name keys, ID-number key, encounters, photos (files too), the notice portrait, the tracing case, matches on both sides, ' +
    'blocking entries, stays, placements, aid cases, waitlist places, their rows on campaign visit lists and the idempotency records that carry them. ' +
    'Kept without identifying fields: the audit trail (free text removed) and what the records counted for in the monthly reports (residues). ' +
    'Refused (409) while a duty lasts: the person in care, on a waitlist, with a placement pending or emergency aid unpaid.',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: personParam, body: jsonBody(erasureInput) },
  responses: {
    201: jsonResponse(documented(erasureView, 'Erasure'), 'Erased'),
    200: jsonResponse(erasureView, 'Erased before: the erasure done'),
    ...errorResponses,
    ...notFoundResponse,
    409: problem('A duty keeps the record (in care, waitlisted, a placement pending, aid unpaid), or the person changed meanwhile.'),
  },
});

const correctionParams = z.object({ id: z.uuid({ error: 'A person id is a UUID.' }), correctionId: z.uuid({ error: 'A correction id is a UUID.' }) });

const requestCorrectionRoute = createRoute({
  method: 'post',
  path: '/{id}/corrections',
  tags: ['privacy'],
  summary: 'Record a correction request (PIPL art. 46): what the person says is wrong',
  description: 'The change itself is a PATCH of the record, under its rules; the decision then names the version that carries it, or the reason of a refusal.',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: personParam, body: jsonBody(correctionInput) },
  responses: { 201: jsonResponse(documented(correctionView, 'Correction'), 'Recorded'), ...errorResponses, ...notFoundResponse },
});

const listCorrectionsRoute = createRoute({
  method: 'get',
  path: '/{id}/corrections',
  tags: ['privacy'],
  summary: 'A person’s correction requests, oldest first',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: personParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(correctionView) }), 'The requests'), ...errorResponses, ...notFoundResponse },
});

const decideCorrectionRoute = createRoute({
  method: 'post',
  path: '/{id}/corrections/{correctionId}/decision',
  tags: ['privacy'],
  summary: 'What was done with a correction request: accepted (the record’s version that carries it) or refused with the reason',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: { params: correctionParams, body: jsonBody(correctionDecisionInput) },
  responses: {
    200: jsonResponse(correctionView, 'Decided'),
    ...errorResponses,
    ...notFoundResponse,
    409: problem('The request was already decided.'),
  },
});

/** Export, correction and erasure (mounted under /v1/persons). */
export const privacyRoutes = newRouter()
  .openapi(exportRoute, async (c) => {
    const query = c.req.valid('query');
    const exported = await exportPerson(privacyContext(c), c.req.valid('param').id, query);
    if (query.format === 'html') {
      const firstPhoto = exported.photos.find((photo) => 'download' in photo) as { download?: { url: string } } | undefined;
      return c.html(exportPage(exported), 200, { 'content-security-policy': noticePolicy(firstPhoto?.download?.url), 'cache-control': 'no-store' });
    }
    return c.json(exported, 200, { 'cache-control': 'no-store' });
  })
  .openapi(erasureRoute, async (c) => {
    const { erasure, replayed } = await erasePerson(privacyContext(c), c.req.valid('param').id, c.req.valid('json'));
    return replayed ? c.json(erasure, 200) : c.json(erasure, 201);
  })
  .openapi(requestCorrectionRoute, async (c) => c.json(await requestCorrection(privacyContext(c), c.req.valid('param').id, c.req.valid('json')), 201))
  .openapi(listCorrectionsRoute, async (c) => c.json({ items: await listCorrections(privacyContext(c), c.req.valid('param').id) }, 200))
  .openapi(decideCorrectionRoute, async (c) => {
    const { id, correctionId } = c.req.valid('param');
    return c.json(await decideCorrection(privacyContext(c), id, correctionId, c.req.valid('json')), 200);
  });
