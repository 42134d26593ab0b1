import { createRoute, z } from '@hono/zod-openapi';
import { CAP_MAX_BYTES, msgTypes, readCap, readWarning, warningInput } from '../../domain/cap.js';
import { matchWays } from '../../domain/warning-areas.js';
import { DomainError } from '../../domain/errors.js';
import { receiveWarning } from '../../services/warnings.js';
import { allow } from '../auth.js';
import { newRouter } from '../router.js';
import { warningContext } from '../service-context.js';
import { bearer, errorResponses, jsonResponse, problem } from '../schemas.js';
import { evaluateNow } from './campaigns.js';

const appliedView = z.object({
  areaId: z.string(), areaName: z.string(), district: z.string(), hazard: z.string(), level: z.string().optional(), status: z.enum(['active', 'cancelled']),
  /** How the message reached the area: geocode (division code), polygon, circle, name. */
  matchedBy: z.array(z.enum(matchWays)).optional(),
});
const warningView = z
  .object({
    id: z.string(),
    receivedAt: z.string(),
    identifier: z.string(),
    sender: z.string(),
    sent: z.string(),
    msgType: z.enum(msgTypes),
    status: z.string(),
    event: z.string(),
    hazard: z.string().nullable(),
    level: z.string().optional(),
    onset: z.string().optional(),
    expires: z.string().optional(),
    applied: z.array(appliedView),
    unmatchedAreas: z.array(z.string()),
    ignored: z.string().optional(),
    campaigns: z.record(z.string(), z.number()).optional(),
  })
  .openapi('WarningReceived');

const receive = createRoute({
  method: 'post',
  path: '/warnings',
  tags: ['campaigns'],
  summary: 'Receive an official warning signal: CAP 1.2 XML (application/cap+xml, application/xml, text/xml) or its JSON form (admin)',
  description:
    'Every <info> block of an Alert, Update and Cancel (with `references`) of 高温, 寒潮 and 道路结冰 sets or withdraws the official signal of each area it reaches ' +
    '(in the caller’s district: by <geocode> division code, <polygon>/<circle> over the boundary, or an area description containing the area’s name; `matchedBy` says which) ' +
    'and runs the campaign evaluation for them at once; a block whose headline says 解除 lifts the signal. `expires` is optional: a signal without it stays in force until lifted, ' +
    'at most the rule book’s maximum. Other hazards, tests, exercises, Acks and messages that reach none of the caller’s areas are stored and ignored. ' +
    `A message is received once per sender and identifier (the same again: 200 with the first result). At most ${CAP_MAX_BYTES} bytes; ` +
    'DOCTYPE and ENTITY declarations, malformed XML and missing fields are a 400 naming the field, and nothing is stored.',
  security: bearer,
  middleware: [allow('admin')] as const,
  request: {
    body: {
      // Not `required` for the validator: it then checks the JSON form only when the body is JSON, and CAP XML reaches the handler.
      required: false,
      content: {
        'application/json': { schema: warningInput },
        'application/cap+xml': { schema: z.string().openapi({ description: 'A CAP 1.2 <alert>' }) },
        'application/xml': { schema: z.string().openapi({ description: 'A CAP 1.2 <alert>' }) },
        'text/xml': { schema: z.string().openapi({ description: 'A CAP 1.2 <alert>' }) },
      },
    },
  },
  responses: {
    201: jsonResponse(warningView, 'Received and applied'),
    200: jsonResponse(warningView, 'Received before: the first result'),
    ...errorResponses,
    409: problem('Another message under this sender and identifier, or a newer warning for the same area arrived meanwhile.'),
  },
});

/** Official warning signals (预警信号) in. */
export const weatherRoutes = newRouter().openapi(receive, async (c) => {
  const type = c.req.header('content-type') ?? '';
  let warning;
  if (/^application\/json/i.test(type)) {
    warning = readWarning(c.req.valid('json'));
  } else {
    const xml = await c.req.text();
    if (!xml.trim()) throw new DomainError('validation', 'The request is not valid.', { errors: [{ path: 'body', message: 'Send a CAP 1.2 message.' }] });
    warning = readCap(xml);
  }
  const result = await receiveWarning(warningContext(c), warning, (districts) => evaluateNow(c, districts));
  return c.json(warningView.parse(result.body), result.status);
});
