import { createRoute, z } from '@hono/zod-openapi';
import { photoContentTypes, photoView, viewPhoto } from '../../domain/photo.js';
import { outreachRules } from '../../domain/rules.js';
import { completePhoto, personPhotos, photoDownload, requestPhotoUpload } from '../../services/photos.js';
import { allow } from '../auth.js';
import { sendStored } from '../respond.js';
import { idempotentRequest, newRouter } from '../router.js';
import { photoContext } from '../service-context.js';
import { bearer, createResponses, errorResponses, idempotencyHeaders, jsonBody, jsonResponse, notFoundResponse, pageQuery, problem } from '../schemas.js';

const personParam = z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) });
const photoParams = personParam.extend({ photoId: z.uuid({ error: 'A photo id is a UUID.' }) });

// Rebuilt here so that it has `.openapi` whichever module made the domain schema first.
const photoSchema = z.object(photoView.shape).openapi('Photo');
const uploadSchema = z
  .object({
    method: z.literal('PUT'),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  })
  .openapi('PhotoUpload', { description: 'PUT the file to `url` with these headers (exactly the announced size) before `expiresAt`, then complete the photo.' });
const downloadSchema = z.object({ url: z.string(), expiresAt: z.string() }).openapi('PhotoDownload');

const create = createRoute({
  method: 'post',
  path: '/{id}/photos',
  tags: ['photos'],
  summary: 'Offer an upload of a person’s photo (for the tracing notice): a URL to PUT one JPEG or PNG file to',
  description: `JPEG or PNG up to ${outreachRules.photos.maxBytes} bytes. The file is judged by its content when the photo is completed, never by its name or declared type.`,
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: {
    params: personParam,
    headers: idempotencyHeaders,
    body: jsonBody(
      z.strictObject({
        contentType: z.enum(photoContentTypes, { error: 'A photo is image/jpeg or image/png.' }),
        sizeBytes: z
          .number()
          .int()
          .min(1, 'A photo has at least one byte.')
          .max(outreachRules.photos.maxBytes, `A photo may have at most ${outreachRules.photos.maxBytes} bytes.`),
      }),
    ),
  },
  responses: {
    201: jsonResponse(z.object({ photoId: z.string(), upload: uploadSchema }), 'A pending photo and where to upload its file'),
    ...errorResponses,
    ...notFoundResponse,
    ...createResponses,
  },
});

const complete = createRoute({
  method: 'post',
  path: '/{id}/photos/{photoId}/complete',
  tags: ['photos'],
  summary: 'Complete an upload: the file is checked by content and size, stripped of EXIF (GPS), XMP, IPTC and comments, and kept',
  description: 'A refused file (not a JPEG or PNG, truncated, corrupt, too large) is a 400 naming the reason, and nothing of it is kept: the upload and the pending photo are gone. Completing a ready photo again returns it.',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { params: photoParams },
  responses: {
    200: jsonResponse(photoSchema, 'The photo, ready'),
    ...errorResponses,
    ...notFoundResponse,
    409: problem('The file has not been uploaded yet.'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/{id}/photos',
  tags: ['photos'],
  summary: 'A person’s photos, newest first (audited)',
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { params: personParam, query: z.object(pageQuery) },
  responses: { 200: jsonResponse(z.object({ items: z.array(photoSchema), nextCursor: z.string().nullable() }), 'One page'), ...errorResponses, ...notFoundResponse },
});

const download = createRoute({
  method: 'get',
  path: '/{id}/photos/{photoId}',
  tags: ['photos'],
  summary: 'A short-lived URL of a ready photo (metadata stripped), audited as a read of the person',
  description: `The URL works for ${outreachRules.photos.downloadSeconds} seconds.`,
  security: bearer,
  middleware: [allow('patrol', 'shelter', 'tracer', 'admin')] as const,
  request: { params: photoParams },
  responses: { 200: jsonResponse(downloadSchema, 'Where to fetch the photo, and until when'), ...errorResponses, ...notFoundResponse },
});

/** Person photos for tracing notices, beside the persons routes (/v1/persons/{id}/photos). */
export const photosRoutes = newRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { id } = c.req.valid('param');
    const result = await requestPhotoUpload(photoContext(c), idempotentRequest(c, c.req.valid('header')['idempotency-key'], body), id, body);
    return sendStored(c, result);
  })
  .openapi(complete, async (c) => {
    const { id, photoId } = c.req.valid('param');
    return c.json(viewPhoto(await completePhoto(photoContext(c), id, photoId)), 200);
  })
  .openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await personPhotos(photoContext(c), c.req.valid('param').id, { limit, cursor });
    return c.json({ items: page.items.map(viewPhoto), nextCursor: page.nextCursor }, 200);
  })
  .openapi(download, async (c) => {
    const { id, photoId } = c.req.valid('param');
    return c.json(await photoDownload(photoContext(c), id, photoId), 200, { 'cache-control': 'no-store' });
  });
