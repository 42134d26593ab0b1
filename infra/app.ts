import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ConfigurationError, OutreachStack } from './stack.js';

const app = new App();
// AWS's rule packs run at every synth: a finding neither fixed nor acknowledged in the stack stops it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

/** A context value (`-c name=value` or cdk.json) as trimmed text; blank counts as absent. */
const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const list = (name: string): string[] | undefined =>
  context(name)
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const wholeNumber = (name: string): number | undefined => {
  const text = context(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ConfigurationError(`${name} must be a whole number; got "${text}"`);
  return Number(text);
};

const flag = (name: string): boolean | undefined => {
  const text = context(name);
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw new ConfigurationError(`${name} must be true or false; got "${text}"`);
  return text === 'true';
};

const mfaSetting = (): 'required' | 'optional' | undefined => {
  const text = context('mfa');
  if (text === undefined || text === 'required' || text === 'optional') return text;
  throw new ConfigurationError(`mfa must be required or optional; got "${text}"`);
};

try {
  const stage = context('stage') ?? 'dev';
  const oidcIssuer = context('oidcIssuer');
  const oidcAudience = list('oidcAudience');
  if ((oidcIssuer === undefined) !== (oidcAudience === undefined)) {
    throw new ConfigurationError('Set both oidcIssuer and oidcAudience, or neither (Cognito)');
  }
  const oidcJwksUrl = context('oidcJwksUrl');
  const oidcRolesClaim = context('oidcRolesClaim');
  const oidcWebClientId = context('oidcWebClientId');
  const cognitoDomainPrefix = context('cognitoDomainPrefix');
  // The browser app's map tiles (see shared/web/map-config.ts): tianditu | amap | custom, key, template.
  const mapTiles = Object.fromEntries(
    ([['MAP_TILES', 'mapTiles'], ['MAP_TILE_KEY', 'mapTileKey'], ['MAP_TILE_URL', 'mapTileUrl']] as const).flatMap(([name, key]) => (context(key) ? [[name, context(key)!]] : [])),
  );

  new OutreachStack(app, `Outreach-${stage}`, {
    stage,
    // The CLI overwrites CDK_DEFAULT_* from its own AWS config, so `-c region=`/`-c account=` may override them.
    env: {
      account: context('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: context('region') ?? process.env.CDK_DEFAULT_REGION,
    },
    ...(oidcIssuer && oidcAudience
      ? {
          oidc: {
            issuer: oidcIssuer,
            audience: oidcAudience,
            ...(oidcJwksUrl ? { jwksUrl: oidcJwksUrl } : {}),
            ...(oidcRolesClaim ? { rolesClaim: oidcRolesClaim } : {}),
            ...(oidcWebClientId ? { webClientId: oidcWebClientId } : {}),
          },
        }
      : {}),
    callbackUrls: list('callbackUrls'),
    webOrigins: list('webOrigins'),
    ...(cognitoDomainPrefix ? { cognitoDomainPrefix } : {}),
    mapTiles,
    alarmEmails: list('alarmEmail'),
    alarmSmsNumbers: list('alarmSms'),
    logRetentionDays: wholeNumber('logRetentionDays'),
    apiReservedConcurrency: wholeNumber('apiReservedConcurrency'),
    publicRoutes: flag('publicRoutes'),
    tracing: flag('tracing'),
    mfa: mfaSetting(),
    tags: { project: 'street-outreach', stage },
  });
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  // A setting to fix, not a bug: one line, without a stack trace.
  console.error(`Outreach: ${error.message}`);
  process.exit(1);
}
