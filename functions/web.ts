import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { mapTilesFromEnv } from '../shared/web/map-config.js';
import { createStaticSite, type WebAppConfig } from '../shared/web/static-site.js';

// Cold start: the built app (copied beside this bundle as site/) is read and gzipped once.
const issuer = process.env['WEB_OIDC_ISSUER'];
const clientId = process.env['WEB_OIDC_CLIENT_ID'];
if (!issuer || !clientId) throw new Error('Invalid configuration: WEB_OIDC_ISSUER and WEB_OIDC_CLIENT_ID are required');
const rolesClaim = process.env['ROLES_CLAIM'];
const map = mapTilesFromEnv(process.env);
const config: WebAppConfig = { mode: 'oidc', issuer, clientId, ...(rolesClaim ? { rolesClaim } : {}), ...(map ? { map } : {}) };
const connectOrigins = (process.env['WEB_CONNECT_ORIGINS'] ?? '').split(',').filter(Boolean);
const imageOrigins = (process.env['WEB_IMAGE_ORIGINS'] ?? '').split(',').filter(Boolean);
const site = createStaticSite(fileURLToPath(new URL('./site', import.meta.url)), config, connectOrigins, imageOrigins);

const app = new Hono();
app.get('*', (c) => site.handle(c.req.raw) ?? c.text('Not found', 404));

export const handler = handle(app);
