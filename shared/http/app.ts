import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../domain/errors.js';
import { logger } from '../logger.js';
import { authenticate } from './auth.js';
import type { AppEnv, Deps } from './context.js';
import { docsPage } from './docs-page.js';
import { problemResponse, toProblem } from './problem.js';
import { auditRoutes } from './routes/audit.js';
import { devRoutes } from './routes/dev.js';
import { LOCAL_FILES_PATH, LocalPhotoStore } from '../files/photo-store.js';
import { localFileRoutes } from './routes/local-files.js';
import { photosRoutes } from './routes/photos.js';
import { facilitiesRoutes } from './routes/facilities.js';
import { personsRoutes } from './routes/persons.js';
import { encountersRoutes } from './routes/encounters.js';
import { aidCasesRoutes } from './routes/aid-cases.js';
import { admissionsRoutes } from './routes/admissions.js';
import { staysRoutes } from './routes/stays.js';
import { placementsRoutes } from './routes/placements.js';
import { personTracingRoutes, tracingRoutes } from './routes/tracing.js';
import { missingReportsRoutes } from './routes/missing-reports.js';
import { matchesRoutes, personMatchesRoutes } from './routes/matches.js';
import { reunionRoutes } from './routes/reunion.js';
import { noticeRoutes } from './routes/notice.js';
import { areasRoutes } from './routes/areas.js';
import { weatherRoutes } from './routes/weather.js';
import { campaignsRoutes } from './routes/campaigns.js';
import { rulesRoutes } from './routes/rules.js';
import { reportsRoutes } from './routes/reports.js';

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the HTTP API on its dependencies; the same app runs in Lambda and on Node. */
export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>();

  // The request id is the server's: API Gateway's in Lambda (hono/aws-lambda passes the event as env),
  // else a fresh UUID. A client's X-Request-Id is never taken: the audit log files writes under this id.
  app.use(async (c, next) => {
    const lambdaEnv = c.env as { event?: { requestContext?: { requestId?: unknown } } } | undefined;
    const gatewayId = lambdaEnv?.event?.requestContext?.requestId;
    const id = typeof gatewayId === 'string' && gatewayId ? gatewayId : randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  });
  app.use(async (c, next) => {
    c.set('deps', deps);
    const started = performance.now();
    await next();
    // One line per request: the route pattern, never the path's ids or any body.
    logger.info('request', {
      requestId: c.var.requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new DomainError('payload_too_large', `A request body may have at most ${MAX_BODY_BYTES} bytes.`);
    },
  });
  // The local stage's file uploads are bounded by their signed length instead (routes/local-files.ts).
  const localFiles = deps.stage === 'local' && deps.photos instanceof LocalPhotoStore ? deps.photos : undefined;
  app.use((c, next) => (localFiles && c.req.path.startsWith(`${LOCAL_FILES_PATH}/`) ? next() : limitBody(c, next)));
  app.use('/v1/*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      // application/json only (a PATCH may say merge-patch+json, which it is): no other +json type
      // reaches a parser that was never meant for it.
      const type = c.req.header('content-type') ?? '';
      // Official warnings come as CAP 1.2 XML too (read by a parser with entities off, shared/domain/cap.ts).
      if (c.req.method === 'POST' && c.req.path === '/v1/weather/warnings' && /^(?:application\/(?:cap\+)?xml|text\/xml)\s*(?:;|$)/i.test(type)) return next();
      const accepted = c.req.method === 'PATCH' ? /^application\/(?:merge-patch\+)?json\s*(?:;|$)/i : /^application\/json\s*(?:;|$)/i;
      if (!accepted.test(type)) {
        throw new DomainError('unsupported_media_type', c.req.method === 'PATCH' ? 'Send the body as application/json or application/merge-patch+json.' : 'Send the body as application/json.');
      }
    }
    await next();
  });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/docs', (c) => c.html(docsPage));

  if (deps.stage === 'local' && deps.devTokens) app.route('/v1/dev', devRoutes);
  if (localFiles) app.route(LOCAL_FILES_PATH, localFileRoutes(localFiles, deps.rules.photos.maxBytes));
  app.use('/v1/*', authenticate);
  // The editable rules in force (short cache): follow-up intervals and the calendar apply to every request.
  app.use('/v1/*', async (c, next) => {
    if (deps.ruleBook) {
      const book = await deps.ruleBook.current();
      c.set('deps', { ...deps, rules: book.outreach, calendar: book.calendar });
    }
    await next();
  });
  app.route('/v1/facilities', facilitiesRoutes);
  app.route('/v1/persons', personsRoutes);
  app.route('/v1/persons', photosRoutes);
  app.route('/v1/persons', personTracingRoutes);
  app.route('/v1/persons', personMatchesRoutes);
  app.route('/v1/persons', reunionRoutes);
  app.route('/v1/persons', noticeRoutes);
  app.route('/v1/tracing', tracingRoutes);
  app.route('/v1/missing-reports', missingReportsRoutes);
  app.route('/v1/matches', matchesRoutes);
  app.route('/v1', encountersRoutes);
  app.route('/v1/aid-cases', aidCasesRoutes);
  app.route('/v1/admissions', admissionsRoutes);
  app.route('/v1/stays', staysRoutes);
  app.route('/v1/placements', placementsRoutes);
  app.route('/v1/audit', auditRoutes);
  app.route('/v1/areas', areasRoutes);
  app.route('/v1/weather', weatherRoutes);
  app.route('/v1/campaigns', campaignsRoutes);
  app.route('/v1/rules', rulesRoutes);
  app.route('/v1/reports', reportsRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'RS256 token of the OIDC issuer; roles in `cognito:groups`, jurisdiction in `custom:district`.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Street outreach and family tracing API',
      version: '1',
      description:
        'Street encounters, the at-risk register (易流浪走失人员数据库), facilities and the audit log. ' +
        'Errors are application/problem+json (RFC 9457). Every create needs an Idempotency-Key.',
    },
  });

  app.notFound((c) => problemResponse(c, toProblem(new DomainError('not_found', 'No such route.'), c.req.path).problem));
  app.onError((error, c) => {
    const { problem, headers } = toProblem(error, c.req.path);
    if (problem.status === 503) logger.warn('Database busy; answered 503 with Retry-After', { requestId: c.var.requestId, error });
    else if (problem.status >= 500) logger.error('Unhandled error', { requestId: c.var.requestId, error });
    return problemResponse(c, problem, headers);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
