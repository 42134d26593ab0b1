import { createRoute, z } from '@hono/zod-openapi';
import { noticePortraitView, photoContentTypes, photoPurposes, photoView, viewPhoto } from '../../domain/photo.js';
import { outreachRules } from '../../domain/rules.js';
import { choosePortrait, completePhoto, personPhotos, photoDownload, requestPhotoUpload } from '../../services/photos.js';
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
const portraitSchema = z.object(noticePortraitView.shape).openapi('NoticePortrait');

const create = createRoute({
  method: 'post',
  path: '/{id}/photos',
  tags: ['photos'],
  summary: 'Offer an upload of a person’s photo: a URL to PUT one JPEG or PNG file to',
  description: `JPEG or PNG up to ${outreachRules.photos.maxBytes} bytes and ${outreachRules.photos.maxPixels} pixels. The file is judged by its content when the photo is completed, never by its name or declared type. \`purpose\` says what it shows: \`portrait\` (the face; only a portrait can be chosen for the tracing notice), \`mark\` (a distinguishing mark), \`document\`, \`other\`. Shelter staff handle photos only of a person in care at their own facility.`,
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
        purpose: z.enum(photoPurposes, { error: 'A photo’s purpose is portrait, mark, document or other.' }),
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
  summary: 'Complete an upload: the file is checked by content, size and pixel count, stripped to what the image needs (no EXIF/GPS, XMP, IPTC, comments, thumbnails, unknown ICC profiles), and kept',
  description: 'A refused file (not a JPEG or PNG, truncated, corrupt, too large, too many pixels) is a 400 naming the reason (`reason`), and nothing of it is kept: the upload and the pending photo are gone. Completing a ready photo again returns it.',
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
  summary: 'A person’s photos, newest first, with their purpose and which is the notice’s portrait (audited)',
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

const portrait = createRoute({
  method: 'post',
  path: '/{id}/photos/{photoId}/notice-portrait',
  tags: ['photos'],
  summary: 'Choose a ready portrait as the photo of the person’s tracing notice (audited); it replaces an earlier choice',
  description: 'The notice publishes this photo and no other: until staff choose one it has no photo. A photo that is not a ready portrait is a 422 (`reason`: `photo_not_ready`, `photo_not_portrait`). Choosing the same photo again changes nothing.',
  security: bearer,
  middleware: [allow('shelter', 'tracer', 'admin')] as const,
  request: { params: photoParams },
  responses: {
    200: jsonResponse(portraitSchema, 'The notice’s portrait, who chose it and when'),
    ...errorResponses,
    ...notFoundResponse,
    422: problem('The photo is not a ready portrait.'),
  },
});

/** Person photos (for the tracing notice and the record), beside the persons routes (/v1/persons/{id}/photos). */
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
    return c.json({ items: page.items.map((photo) => viewPhoto(photo, page.noticePhotoId)), nextCursor: page.nextCursor }, 200);
  })
  .openapi(portrait, async (c) => {
    const { id, photoId } = c.req.valid('param');
    return c.json(portraitSchema.parse(await choosePortrait(photoContext(c), id, photoId)), 200);
  })
  .openapi(download, async (c) => {
    const { id, photoId } = c.req.valid('param');
    return c.json(await photoDownload(photoContext(c), id, photoId), 200, { 'cache-control': 'no-store' });
  });
