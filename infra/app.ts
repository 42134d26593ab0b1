import { App } from 'aws-cdk-lib';
import { OutreachStack } from './stack.js';

const app = new App();

const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const stage = context('stage') ?? 'dev';
const oidcIssuer = context('oidcIssuer');
const oidcAudience = context('oidcAudience');
if ((oidcIssuer === undefined) !== (oidcAudience === undefined)) {
  throw new Error('Set both oidcIssuer and oidcAudience, or neither (Cognito)');
}
const callbackUrls = context('callbackUrls')?.split(',').map((url) => url.trim());

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
          audience: oidcAudience.split(',').map((aud) => aud.trim()),
          ...(context('oidcJwksUrl') ? { jwksUrl: context('oidcJwksUrl') } : {}),
          ...(context('oidcRolesClaim') ? { rolesClaim: context('oidcRolesClaim') } : {}),
        },
      }
    : {}),
  ...(callbackUrls ? { callbackUrls } : {}),
  tags: { project: 'street-outreach', stage },
});
