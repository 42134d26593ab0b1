import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../domain/errors.js';
import { logger } from '../logger.js';
import { authenticate } from './auth.js';
import type { AppEnv, Deps } from './context.js';
import { docsPage, docsPolicy } from './docs-page.js';
import { problemResponse, toProblem } from './problem.js';
import { LOCAL_FILES_PATH, LocalPhotoStore } from '../files/photo-store.js';
import { localFileRoutes } from './routes/local-files.js';
import { mountAll, mounts, resourceOf, resources, type Mount } from './route-table.js';

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 1024 * 1024;

const notFoundProblem = (c: Context<AppEnv>) => problemResponse(c, toProblem(new DomainError('not_found', 'No such route.'), c.req.path).problem);

function errorProblem(error: Error, c: Context<AppEnv>) {
  const { problem, headers } = toProblem(error, c.req.path);
  if (problem.status === 503) logger.warn('Database busy; answered 503 with Retry-After', { requestId: c.var.requestId, error });
  else if (problem.status >= 500) logger.error('Unhandled error', { requestId: c.var.requestId, error });
  return problemResponse(c, problem, headers);
}

/**
 * Routes each resource to an app of its own route modules, built on the first request for it
 * (shared/http/route-table.ts). That app runs the request with the context the middleware above
 * made (request id, caller, dependencies) and answers with the same problem responses.
 */
function lazyRouter() {
  const parents = new WeakMap<Request, Context<AppEnv>>();
  const loaders = new Map<string, () => Promise<unknown>>();
  return {
    /** Starts loading the route modules of the resource `path` names, if any, without waiting for them. */
    prepare(path: string) {
      const resource = resourceOf(path);
      // A failure here is the request's to report, when it awaits the same load.
      if (resource) loaders.get(resource)?.().catch(() => undefined);
    },
    mount(app: Hono<AppEnv>, resource: string, selected: readonly Mount[]) {
      let built: Promise<OpenAPIHono<AppEnv>> | undefined;
      const build = async () => {
        const resourceApp = new OpenAPIHono<AppEnv>();
        resourceApp.use(async (c, next) => {
          const parent = parents.get(c.req.raw);
          if (!parent) throw new Error('A resource app answers only requests the API passes on.');
          c.set('requestId', parent.var.requestId);
          c.set('deps', parent.var.deps);
          if (parent.var.actor) c.set('actor', parent.var.actor);
          c.header('X-Request-Id', parent.var.requestId);
          await next();
          parent.set('routePath', c.req.routePath);
        });
        await mountAll(resourceApp, selected);
        resourceApp.notFound(notFoundProblem);
        resourceApp.onError(errorProblem);
        return resourceApp;
      };
      const load = () =>
        (built ??= build().catch((error: unknown) => {
          built = undefined;
          throw error;
        }));
      loaders.set(resource, load);
      const serve = async (c: Context<AppEnv>) => {
        const resourceApp = await load();
        parents.set(c.req.raw, c);
        return resourceApp.fetch(c.req.raw, c.env);
      };
      app.all(`/v1/${resource}`, serve);
      app.all(`/v1/${resource}/*`, serve);
    },
  };
}

/** Builds the HTTP API on its dependencies; the same app runs in Lambda and on Node. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();

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
      route: c.var.routePath ?? c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  // No response is sniffed into another type; none of the API's is kept by a browser or a proxy
  // (they carry personal data, and a shared phone's cache is no place for it). A route that means
  // otherwise sets its own Cache-Control.
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('x-content-type-options')) c.res.headers.set('x-content-type-options', 'nosniff');
    if (c.req.path.startsWith('/v1/') && !c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
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
  app.get('/docs', (c) => c.html(docsPage, 200, { 'content-security-policy': docsPolicy }));

  const local = deps.stage === 'local' && deps.devTokens !== undefined;
  const devMount: Mount = { path: '/v1/dev', serves: ['dev'], load: () => import('./routes/dev.js').then((m) => m.devRoutes) };
  const lazy = lazyRouter();
  if (local) lazy.mount(app, 'dev', [devMount]);
  if (localFiles) app.route(LOCAL_FILES_PATH, localFileRoutes(localFiles, deps.rules.photos.maxBytes));
  app.use('/v1/*', authenticate);
  // The editable rules in force (short cache): follow-up intervals and the calendar apply to every request.
  app.use('/v1/*', async (c, next) => {
    // The resource's route modules (read and compiled on its first request) start loading first,
    // so that the load runs while the rule book's read is on the wire, not after it.
    lazy.prepare(c.req.path);
    if (deps.ruleBook) {
      // Read in order: the caller's district's overrides, then the national values, then the defaults.
      const book = await deps.ruleBook.current(c.var.actor.district);
      c.set('deps', { ...deps, rules: book.outreach, calendar: book.calendar });
    }
    await next();
  });
  for (const resource of resources) lazy.mount(app, resource, mounts.filter((mount) => mount.serves.includes(resource)));

  /** Every route on one OpenAPIHono, in the document's order: /openapi.json and the contract tests. */
  let contract: Promise<OpenAPIHono<AppEnv>> | undefined;
  const loadContract = () =>
    (contract ??= (async () => {
      const whole = new OpenAPIHono<AppEnv>();
      if (local) await mountAll(whole, [devMount]);
      if (localFiles) whole.route(LOCAL_FILES_PATH, localFileRoutes(localFiles, deps.rules.photos.maxBytes));
      await mountAll(whole, mounts);
      whole.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'RS256 token of the OIDC issuer; roles in `cognito:groups`, jurisdiction in `custom:district`.',
      });
      return whole;
    })()).catch((error: unknown) => {
      contract = undefined;
      throw error;
    });
  let document: object | undefined;
  app.get('/openapi.json', async (c) => {
    document ??= (await loadContract()).getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Street outreach and family tracing API',
        version: '1',
        description:
          'Street encounters, the at-risk register (易流浪走失人员数据库), facilities and the audit log. ' +
          'Errors are application/problem+json (RFC 9457). Every create needs an Idempotency-Key.',
      },
    });
    return c.json(document);
  });

  app.notFound(notFoundProblem);
  app.onError(errorProblem);
  return Object.assign(app, { contract: loadContract });
}

export type App = ReturnType<typeof createApp>;
