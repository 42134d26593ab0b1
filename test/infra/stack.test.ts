import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/lambda.js';
import { OutreachStack, type OutreachStackProps } from '../../infra/stack.js';
import { tableDefinition } from '../../shared/store/table.js';

const account = '123456789012';
// The same feature flags as `cdk synth`, so assertions see what the CLI would deploy.
const cdkContext = (JSON.parse(readFileSync(path.join(projectRoot, 'cdk.json'), 'utf8')) as { context: object })
  .context;

/** Synthesizes a stack with stub handlers (no bundling); the full-synth test below bundles for real. */
function synthesize(props: Omit<OutreachStackProps, 'bundle'>): Template {
  const app = new App({ context: cdkContext });
  return Template.fromStack(new OutreachStack(app, `Outreach-${props.stage}`, { ...props, bundle: false }));
}

type Resources = Record<string, { Properties: Record<string, unknown> }>;

function onlyResource(template: Template, type: string): Record<string, unknown> {
  const found = Object.values(template.findResources(type) as Resources);
  expect(found).toHaveLength(1);
  return found[0]!.Properties;
}

describe('OutreachStack with Cognito (commercial partition)', () => {
  const template = synthesize({ stage: 'test', env: { account, region: 'eu-west-1' } });

  it('serves an HTTP API with public docs routes and a JWT-protected /v1 proxy', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources).map(
      (route) => route.Properties,
    );
    const byKey = new Map(routes.map((route) => [route.RouteKey as string, route]));
    expect([...byKey.keys()].sort()).toEqual(['ANY /v1/{proxy+}', 'GET /docs', 'GET /health', 'GET /openapi.json']);
    for (const key of ['GET /health', 'GET /openapi.json', 'GET /docs']) {
      expect(byKey.get(key)?.AuthorizationType).toBe('NONE');
    }
    expect(byKey.get('ANY /v1/{proxy+}')).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.any(String) } });

    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('^UsersWebClient') }],
        Issuer: {
          'Fn::Join': ['', ['https://cognito-idp.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: Match.stringLikeRegexp('^Users') }]],
        },
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('runs both functions on Node.js 22, arm64, with explicit log groups', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Resources);
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          STAGE: 'test',
          POWERTOOLS_SERVICE_NAME: 'outreach-api',
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^Table') },
          JWT_ISSUER: Match.anyValue(),
          JWT_AUDIENCE: { Ref: Match.stringLikeRegexp('^UsersWebClient') },
          ID_INDEX_SECRET_ARN: { Ref: Match.stringLikeRegexp('^IdIndexKey') },
        },
      },
    });
  });

  it('keeps the blind-index key in a generated secret encrypted with the CMK, readable by the API', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
    });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
            Resource: { Ref: Match.stringLikeRegexp('^IdIndexKey') },
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^ApiFunctionServiceRole') }],
    });
  });

  it('builds the table from the shared definition: on demand, PITR, deletion protection, CMK, stream, TTL, GSIs', () => {
    const table = onlyResource(template, 'AWS::DynamoDB::GlobalTable');
    expect(table).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        {
          Region: 'eu-west-1',
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } },
        },
      ],
    });
    expect(table.GlobalSecondaryIndexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('has one customer-managed KMS key with rotation', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('publishes events to an SNS topic encrypted with the CMK', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2); // events + alarms
    template.allResourcesProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TOPIC_ARN: { Ref: Match.stringLikeRegexp('^Events') } }) },
    });
  });

  it('feeds the events function only inserted event items from the stream, failures to the DLQ', () => {
    const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^EventsDlq/), 'Arn'] } } },
    });
    const filters = (mapping.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern) as unknown)).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['event'] } } } },
    ]);
  });

  it('keeps undeliverable stream records 14 days in a CMK-encrypted queue', () => {
    const queue = onlyResource(template, 'AWS::SQS::Queue');
    expect(queue).toMatchObject({
      MessageRetentionPeriod: 14 * 24 * 3600,
      KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
    });
  });

  it('has a Cognito user pool without self sign-up, custom district/facility, and the four role groups', () => {
    const pool = onlyResource(template, 'AWS::Cognito::UserPool');
    expect(pool).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: true } },
    });
    expect(pool.Schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'district', AttributeDataType: 'String' }),
        expect.objectContaining({ Name: 'facility', AttributeDataType: 'String' }),
      ]),
    );
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    const client = onlyResource(template, 'AWS::Cognito::UserPoolClient');
    expect(client).toMatchObject({ GenerateSecret: false, AllowedOAuthFlows: ['code'] });
    // A user cannot move themselves to another district or facility.
    expect(client.WriteAttributes).toEqual(expect.arrayContaining(['email']));
    expect(client.WriteAttributes).not.toEqual(expect.arrayContaining(['custom:district']));
    expect(client.WriteAttributes).not.toEqual(expect.arrayContaining(['custom:facility']));
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup') as Resources).map(
      (group) => group.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['admin', 'patrol', 'shelter', 'tracer']);
    template.hasOutput('UserPoolId', {});
    template.hasOutput('UserPoolClientId', {});
  });

  it('alarms on API 5xx, Lambda errors of each function and DLQ depth', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^HttpApi') } }],
    });
    for (const fn of ['^ApiFunction', '^EventsPublisherFunction']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(fn) } }],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('exports the API URL, table name and topic ARN', () => {
    for (const name of ['ApiUrl', 'TableName', 'TopicArn']) template.hasOutput(name, {});
  });
});

describe('OutreachStack in AWS China with an external OIDC issuer', () => {
  const template = synthesize({
    stage: 'cn',
    env: { account, region: 'cn-northwest-1' },
    oidc: { issuer: 'https://idp.example.cn', audience: ['outreach-api'], jwksUrl: 'https://idp.example.cn/keys', rolesClaim: 'roles' },
  });

  it('creates no Cognito resources', () => {
    const cognitoTypes = Object.values(template.toJSON().Resources as Record<string, { Type: string }>)
      .map((resource) => resource.Type)
      .filter((type) => type.startsWith('AWS::Cognito::'));
    expect(cognitoTypes).toEqual([]);
  });

  it('points the JWT authorizer and the API function at the external issuer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Issuer: 'https://idp.example.cn', Audience: ['outreach-api'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          JWT_ISSUER: 'https://idp.example.cn',
          JWT_AUDIENCE: 'outreach-api',
          JWKS_URL: 'https://idp.example.cn/keys',
          ROLES_CLAIM: 'roles',
        }),
      },
    });
  });

  it('writes no commercial-partition ARN literal', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });
});

describe('cdk synth (CLI, real esbuild bundling)', () => {
  let outdir: string;
  let template: Template;
  let assetDirs: string[];

  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'outreach-synth-'));
    await promisify(execFile)(
      process.execPath,
      [path.join(projectRoot, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', '--output', outdir, '-c', 'stage=ci', '-c', 'region=eu-west-1'],
      {
        cwd: projectRoot,
        // Offline CI: no telemetry, no npm version check.
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
        timeout: 110_000,
      },
    );
    template = Template.fromJSON(JSON.parse(readFileSync(path.join(outdir, 'Outreach-ci.template.json'), 'utf8')) as object);
    assetDirs = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
  }, 120_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles the API function into a minified ESM asset with a source map', () => {
    const apiFunction = Object.values(template.findResources('AWS::Lambda::Function') as Resources).find(
      (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME === 'outreach-api',
    );
    expect(apiFunction?.Properties.Handler).toBe('index.handler');
    const code = apiFunction?.Properties.Code as { S3Key: string };
    const assetHash = code.S3Key.replace(/\.zip$/, '');
    expect(assetDirs).toContain(`asset.${assetHash}`);

    const bundlePath = path.join(outdir, `asset.${assetHash}`, 'index.mjs');
    expect(existsSync(bundlePath)).toBe(true);
    expect(existsSync(`${bundlePath}.map`)).toBe(true);
    const bundle = readFileSync(bundlePath, 'utf8');
    expect(bundle.startsWith("import { createRequire } from 'module'; const require = createRequire(import.meta.url);")).toBe(true);
    expect(bundle).toContain('sourceMappingURL=index.mjs.map');
    // Minified: a handful of very long lines, not indented source.
    const lines = bundle.split('\n').length;
    expect(lines).toBeLessThan(Math.max(10, statSync(bundlePath).size / 500));
  });

  it('bundles the events function too', () => {
    const keys = Object.values(template.findResources('AWS::Lambda::Function') as Resources).map(
      (fn) => (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, ''),
    );
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(existsSync(path.join(outdir, `asset.${key}`, 'index.mjs'))).toBe(true);
  });
});
