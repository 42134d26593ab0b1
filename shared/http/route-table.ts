/**
 * The API's resources, each mounted from its own route module, loaded on first use.
 *
 * A route module builds its zod schemas and OpenAPI definitions when it is evaluated; building all
 * of them costs a cold start tens of milliseconds that a first request to one resource never uses.
 * So a request is routed by its first segment after `/v1/` to the modules that serve that segment,
 * which are imported (a separate chunk in the function bundle) the first time one of them is asked
 * for. `/openapi.json` and the contract tests load every module, mounted in this table's order.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';

type RouteModule = OpenAPIHono<AppEnv>;

/** One route module mounted at `path`; `serves` are the first path segments after /v1/ it answers. */
export type Mount = { path: string; serves: readonly string[]; load: () => Promise<RouteModule> };

const at = (resource: string, load: () => Promise<RouteModule>): Mount => ({ path: `/v1/${resource}`, serves: [resource], load });

/** Every mount, in the order of the OpenAPI document (and of route precedence within a resource). */
export const mounts: readonly Mount[] = [
  at('facilities', () => import('./routes/facilities.js').then((m) => m.facilitiesRoutes)),
  at('persons', () => import('./routes/persons.js').then((m) => m.personsRoutes)),
  at('persons', () => import('./routes/photos.js').then((m) => m.photosRoutes)),
  at('persons', () => import('./routes/tracing.js').then((m) => m.personTracingRoutes)),
  at('persons', () => import('./routes/matches.js').then((m) => m.personMatchesRoutes)),
  at('persons', () => import('./routes/reunion.js').then((m) => m.reunionRoutes)),
  at('persons', () => import('./routes/notice.js').then((m) => m.noticeRoutes)),
  at('persons', () => import('./routes/privacy.js').then((m) => m.privacyRoutes)),
  at('tracing', () => import('./routes/tracing.js').then((m) => m.tracingRoutes)),
  at('missing-reports', () => import('./routes/missing-reports.js').then((m) => m.missingReportsRoutes)),
  at('matches', () => import('./routes/matches.js').then((m) => m.matchesRoutes)),
  // /v1/encounters and /v1/persons/{id}/encounters.
  { path: '/v1', serves: ['encounters', 'persons'], load: () => import('./routes/encounters.js').then((m) => m.encountersRoutes) },
  at('aid-cases', () => import('./routes/aid-cases.js').then((m) => m.aidCasesRoutes)),
  at('admissions', () => import('./routes/admissions.js').then((m) => m.admissionsRoutes)),
  at('stays', () => import('./routes/stays.js').then((m) => m.staysRoutes)),
  at('placements', () => import('./routes/placements.js').then((m) => m.placementsRoutes)),
  at('audit', () => import('./routes/audit.js').then((m) => m.auditRoutes)),
  at('areas', () => import('./routes/areas.js').then((m) => m.areasRoutes)),
  at('weather', () => import('./routes/weather.js').then((m) => m.weatherRoutes)),
  at('campaigns', () => import('./routes/campaigns.js').then((m) => m.campaignsRoutes)),
  at('rules', () => import('./routes/rules.js').then((m) => m.rulesRoutes)),
  at('reports', () => import('./routes/reports.js').then((m) => m.reportsRoutes)),
];

/** The first segments after /v1/ that some mount serves. */
export const resources = [...new Set(mounts.flatMap((mount) => mount.serves))];

/** The first segment after /v1/ of a full route path, e.g. `persons` for /v1/persons/:id/photos. */
export const resourceOf = (path: string) => /^\/v1\/([^/]+)/.exec(path)?.[1];

/**
 * Mounts `selected` on `app` in the table's order, and checks that each module's routes lie under
 * the segments its mount declares: a route outside them would be unreachable through the lazy router.
 */
export async function mountAll(app: RouteModule, selected: readonly Mount[]) {
  const modules = await Promise.all(selected.map((mount) => mount.load()));
  selected.forEach((mount, i) => {
    const module = modules[i] as RouteModule;
    for (const route of module.routes) {
      const resource = resourceOf(`${mount.path}${route.path}`);
      if (!resource || !mount.serves.includes(resource)) {
        throw new Error(`${route.method} ${mount.path}${route.path} lies outside the segments its mount serves (${mount.serves.join(', ')}): list it in shared/http/route-table.ts`);
      }
    }
    app.route(mount.path, module);
  });
  return app;
}
