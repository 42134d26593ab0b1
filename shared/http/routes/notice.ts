import { createRoute, z } from '@hono/zod-openapi';
import { noticePage, noticePolicy, noticeView, tracingNotice } from '../../services/notice.js';
import { noticePhoto } from '../../services/photos.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { photoContext, tracingContext } from '../service-context.js';
import { bearer, errorResponses, jsonResponse, notFoundResponse, documented } from '../schemas.js';

const notice = createRoute({
  method: 'get',
  path: '/{id}/notice',
  tags: ['tracing'],
  summary: 'The tracing notice (寻亲公告): only what may be published, as JSON or a printable A4 page (`format=html`)',
  description: 'Photo, sex, apparent age, height, where and when found, clothing and the station’s contact; never a name, diagnosis, ID number, guardian or health note.',
  security: bearer,
  middleware: [allow('tracer', 'shelter', 'admin')] as const,
  request: { params: z.object({ id: z.uuid({ error: 'A person id is a UUID.' }) }), query: z.object({ format: z.enum(['json', 'html']).default('json') }) },
  responses: {
    200: {
      description: 'The notice',
      content: { 'application/json': { schema: documented(noticeView, 'TracingNotice') }, 'text/html': { schema: z.string() } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

/** The tracing notice (mounted under /v1/persons). */
export const noticeRoutes = newRouter().openapi(notice, async (c) => {
  const id = c.req.valid('param').id;
  const result = await tracingNotice(tracingContext(c), id, () => noticePhoto(photoContext(c), id));
  if (c.req.valid('query').format === 'html') return c.html(noticePage(result), 200, { 'content-security-policy': noticePolicy(result.photo?.url) });
  return c.json(result, 200);
});
