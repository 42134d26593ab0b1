import { sweepJobs } from '../../shared/sweep/sweep.js';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NODE_TARGET } from '../../infra/bundle.js';
import { projectRoot } from '../../infra/lambda.js';
import { ConfigurationError, OutreachStack, type OutreachStackProps } from '../../infra/stack.js';
import { createTableInput, tableDefinition } from '../../shared/store/table.js';

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

/** The properties of the one resource of this type whose logical id matches. */
function resourceNamed(template: Template, type: string, logicalId: RegExp): Record<string, unknown> {
  const found = Object.entries(template.findResources(type) as Resources).filter(([id]) => logicalId.test(id));
  expect(found).toHaveLength(1);
  return found[0]![1].Properties;
}

function propertiesOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type) as Resources).map((resource) => resource.Properties);
}

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown; Condition?: unknown };
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every statement that grants a function's role something: the identity policies attached to the
 * role (inline, default and managed) and the key-policy statements that name it.
 */
function statementsOfRole(template: Template, rolePattern: RegExp): Statement[] {
  const roles = Object.entries(template.findResources('AWS::IAM::Role') as Resources).filter(([id]) => rolePattern.test(id));
  expect(roles).toHaveLength(1);
  const [roleId, role] = roles[0]!;
  const documents = (type: string) =>
    propertiesOf(template, type)
      .filter((policy) => (policy.Roles as unknown[]).some((attached) => same(attached, { Ref: roleId })))
      .flatMap((policy) => (policy.PolicyDocument as { Statement: Statement[] }).Statement);
  const inline = ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );
  const keyPolicies = propertiesOf(template, 'AWS::KMS::Key')
    .flatMap((key) => (key.KeyPolicy as { Statement: Statement[] }).Statement)
    .filter((statement) => same(statement.Principal, { AWS: { 'Fn::GetAtt': [roleId, 'Arn'] } }));
  return [...documents('AWS::IAM::Policy'), ...documents('AWS::IAM::ManagedPolicy'), ...inline, ...keyPolicies];
}

const actionsOf = (statements: Statement[]): string[] => [...new Set(statements.flatMap((statement) => [statement.Action].flat()))].sort();
const byService = (statements: Statement[], service: string) =>
  statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith(`${service}:`)));

/** The table and each of its indexes by name (no `index/*`). */
const tableAndIndexes = (table: unknown) => [
  table,
  ...tableDefinition.globalSecondaryIndexes.map((index) => ({ 'Fn::Join': ['', [table, `/index/${index.indexName}`]] })),
];

const streamActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];

describe('OutreachStack with Cognito (commercial partition)', () => {
  const template = synthesize({ stage: 'test', env: { account, region: 'eu-west-1' } });

  it('serves an HTTP API with public docs routes, a JWT-protected /v1 proxy and its own route for lookups', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route') as Resources).map(
      (route) => route.Properties,
    );
    const byKey = new Map(routes.map((route) => [route.RouteKey as string, route]));
    expect([...byKey.keys()].sort()).toEqual([
      'ANY /v1/{proxy+}',
      'GET /',
      'GET /docs',
      'GET /health',
      'GET /openapi.json',
      'GET /{proxy+}',
      'POST /v1/persons/lookup',
    ]);
    for (const key of ['GET /health', 'GET /openapi.json', 'GET /docs', 'GET /', 'GET /{proxy+}']) {
      expect(byKey.get(key)?.AuthorizationType).toBe('NONE');
    }
    const proxy = byKey.get('ANY /v1/{proxy+}');
    expect(proxy).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: expect.any(String) } });
    // The lookup route is the same app behind the same authorizer; only its throttle differs.
    const lookup = byKey.get('POST /v1/persons/lookup');
    expect(lookup).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: proxy?.AuthorizerId, Target: proxy?.Target });

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

  it('throttles each route at the gateway: lookups and public routes tighter than the rest of /v1', () => {
    type StageResource = { Properties: Record<string, unknown>; DependsOn: string[] };
    const [stageResource] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage') as Record<string, StageResource>);
    expect(stageResource?.Properties.RouteSettings).toEqual({
      'ANY /v1/{proxy+}': { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      'POST /v1/persons/lookup': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'GET /health': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      'GET /openapi.json': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      'GET /docs': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      'GET /': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      'GET /{proxy+}': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    // Route settings name routes, so CloudFormation must create the routes before the stage.
    const routeIds = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(stageResource?.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it('runs the five functions on Node.js 24 (the runtime the bundle targets), arm64, with explicit log groups and reserved concurrency', () => {
    expect(FUNCTION_NODE_TARGET).toBe('node24');
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Resources);
    expect(functions).toHaveLength(5);
    for (const fn of functions) {
      const service = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME;
      expect(fn.Properties).toMatchObject({
        Runtime: `nodejs${FUNCTION_NODE_TARGET.replace(/^node/, '')}.x`,
        Architectures: ['arm64'],
        // Scoring candidates is CPU work (more memory is more CPU on Lambda); serving files is not.
        MemorySize: service === 'outreach-matching' ? 1024 : service === 'outreach-web' ? 256 : 512,
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
    const reserved = Object.fromEntries(
      functions.map((fn) => [
        (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME,
        fn.Properties.ReservedConcurrentExecutions,
      ]),
    );
    expect(reserved).toEqual({ 'outreach-api': 50, 'outreach-events': 5, 'outreach-sweep': 1, 'outreach-matching': 5, 'outreach-web': undefined });
    // Source maps are shipped and resolved offline (npm run stack); loading them costs every cold start.
    for (const fn of functions) expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).not.toHaveProperty('NODE_OPTIONS');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
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

  it('keeps function and API access logs six months', () => {
    const groups = propertiesOf(template, 'AWS::Logs::LogGroup');
    expect(groups).toHaveLength(6);
    for (const group of groups) expect(group.RetentionInDays).toBe(180);
  });

  describe('least privilege', () => {
    let api: Statement[], events: Statement[], sweep: Statement[], matching: Statement[];
    beforeAll(() => {
      api = statementsOfRole(template, /^ApiServiceRole/);
      events = statementsOfRole(template, /^EventsPublisherServiceRole/);
      sweep = statementsOfRole(template, /^SweepServiceRole/);
      matching = statementsOfRole(template, /^MatchingServiceRole/);
    });

    it('lets the matching function read the stream, query and batch-read and -write items, and park failures in the DLQ: no transactions, no Scan', () => {
      expect(actionsOf(matching)).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'dynamodb:Query',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    });

    it('lets the sweep query, read and write items (transactions, visit-list chunks in batches) on the table and its indexes, use the key, delete photo files, and park a failed run in its DLQ: no Scan, no stream', () => {
      expect(actionsOf(sweep)).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:DeleteObject',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
      const table = { 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'Arn'] };
      for (const statement of byService(sweep, 'dynamodb')) expect(statement.Resource).toEqual(tableAndIndexes(table));
      expect(byService(sweep, 'sqs').map((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^SweepDlq/), 'Arn'] }]);
      // The retention job removes photo files of the photos bucket and reads none.
      expect(byService(sweep, 's3')).toEqual([
        expect.objectContaining({ Action: 's3:DeleteObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Photos/), 'Arn'] }, '/*']] } }),
      ]);
    });

    it('lets the API do exactly its item reads, writes and transactions, use the key, and read its secret', () => {
      expect(actionsOf(api)).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:DeleteObject',
        's3:GetObject',
        's3:PutObject',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
      // Photo objects only: no listing, no bucket settings, no ACLs.
      const photoObjects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Photos/), 'Arn'] }, '/*']] };
      expect(byService(api, 's3').map((statement) => statement.Resource)).toEqual([photoObjects]);
      const table = { 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'Arn'] };
      for (const statement of byService(api, 'dynamodb')) expect(statement.Resource).toEqual(tableAndIndexes(table));
      // The table key through IAM; the secret's Decrypt only via Secrets Manager.
      const [identityKms, secretKms, ...moreKms] = byService(api, 'kms');
      expect(moreKms).toEqual([]);
      expect(identityKms?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] });
      expect(secretKms).toMatchObject({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      });
    });

    it('lets the events function read the stream, update spot cells, write audit entries, publish to its topic and park failures in the DLQ, nothing else', () => {
      expect(actionsOf(events)).toEqual([
        'dynamodb:BatchWriteItem',
        ...streamActions,
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey*',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sns:Publish',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
      for (const statement of byService(events, 'dynamodb')) {
        if ([statement.Action].flat().includes('dynamodb:UpdateItem')) {
          expect([statement.Action].flat().sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:UpdateItem']);
          continue;
        }
        expect(statement.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Table/), 'StreamArn'] });
      }
      expect(byService(events, 'sns').map((statement) => statement.Resource)).toEqual([{ Ref: expect.stringMatching(/^Events/) }]);
      expect(byService(events, 'sqs').map((statement) => statement.Resource)).toEqual([
        { 'Fn::GetAtt': [expect.stringMatching(/^EventsDlq/), 'Arn'] },
      ]);
    });

    it('grants neither function Scan, a wildcard action or a Deny to hide behind; the API reads no stream', () => {
      for (const statement of [...api, ...events, ...sweep, ...matching]) {
        expect(statement.Effect).toBe('Allow');
        for (const action of [statement.Action].flat()) {
          expect(action).not.toBe('dynamodb:Scan');
          expect(action).not.toMatch(/^(\*|dynamodb:\*|kms:\*)$/);
          // The only wildcard is GenerateDataKey*, which covers the data-key variants.
          if (action.includes('*')) expect(action).toBe('kms:GenerateDataKey*');
        }
      }
      expect(actionsOf(api).filter((action) => streamActions.includes(action))).toEqual([]);
    });

    it('attaches no managed policy: each function writes logs to its own log group only, and traces to X-Ray', () => {
      const roles = Object.entries(template.findResources('AWS::IAM::Role') as Resources).filter(([, role]) =>
        same((role.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement[0]?.Principal, { Service: 'lambda.amazonaws.com' }),
      );
      expect(roles).toHaveLength(5);
      const functions = template.findResources('AWS::Lambda::Function') as Resources;
      for (const [roleId, role] of roles) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
        const [fn] = Object.values(functions).filter((candidate) => same(candidate.Properties.Role, { 'Fn::GetAtt': [roleId, 'Arn'] }));
        const logGroup = (fn?.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        const logStatements = byService(statementsOfRole(template, new RegExp(`^${roleId}$`)), 'logs');
        expect(logStatements).toEqual([
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } },
        ]);
      }
      // X-Ray's write actions take no resource, so that statement names none; it grants nothing to read.
      for (const statement of byService([...api, ...events, ...sweep, ...matching], 'xray')) {
        expect(statement).toEqual({ Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' });
      }
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
      Roles: [{ Ref: Match.stringLikeRegexp('^ApiServiceRole') }],
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
    // The same indexes (keys and projections) as the table that local mode and the tests create.
    expect(table.GlobalSecondaryIndexes).toEqual(createTableInput('any').GlobalSecondaryIndexes);
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('keeps photos in a private bucket: the stack key, no public access, TLS only, uploads expire after a day, PUT from the web app', () => {
    const bucket = resourceNamed(template, 'AWS::S3::Bucket', /^Photos[0-9A-F]{8}$/);
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } } },
      ],
    });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.VersioningConfiguration).toBeUndefined();
    expect(bucket.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'expire-uploads', Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' },
        { Id: 'abort-incomplete-multipart', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
      ],
    });
    // The default web origin is the callback URLs' (http://localhost:3000 here); only PUT, only Content-Type.
    expect(bucket.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedMethods: ['PUT'], AllowedOrigins: ['http://localhost:3000'], AllowedHeaders: ['content-type'], MaxAge: 3600 }],
    });
    const policy = resourceNamed(template, 'AWS::S3::BucketPolicy', /^PhotosPolicy/).PolicyDocument as { Statement: Statement[] };
    expect(policy.Statement.map((statement) => [statement.Effect, statement.Action, statement.Condition])).toEqual([
      ['Deny', 's3:*', { Bool: { 'aws:SecureTransport': 'false' } }],
      ['Deny', 's3:*', { NumericLessThan: { 's3:TlsVersion': 1.2 } }],
    ]);
    expect(Object.keys(template.findResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' }))).toEqual(expect.arrayContaining([expect.stringMatching(/^Photos[0-9A-F]{8}$/)]));
  });

  it('logs every request to the photo bucket into an access-log bucket that keeps them as long as the other logs, then expires them', () => {
    const photos = resourceNamed(template, 'AWS::S3::Bucket', /^Photos[0-9A-F]{8}$/);
    expect(photos.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.stringMatching(/^PhotoAccessLogs/) }, LogFilePrefix: 'photos/' });
    const accessLogs = resourceNamed(template, 'AWS::S3::Bucket', /^PhotoAccessLogs/);
    expect(accessLogs).toMatchObject({
      // S3 delivers access logs only into a bucket with S3-managed keys.
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [{ Id: 'expire-access-logs', ExpirationInDays: 180, Status: 'Enabled' }] },
    });
    expect(accessLogs.LoggingConfiguration).toBeUndefined();
    // Only the S3 logging service may write there, for the photo bucket of this account; and TLS only.
    const policy = resourceNamed(template, 'AWS::S3::BucketPolicy', /^PhotoAccessLogsPolicy/).PolicyDocument as { Statement: Statement[] };
    expect(policy.Statement.map((statement) => [statement.Effect, statement.Action, statement.Principal])).toEqual(
      expect.arrayContaining([
        ['Deny', 's3:*', { AWS: '*' }],
        ['Allow', 's3:PutObject', { Service: 'logging.s3.amazonaws.com' }],
      ]),
    );
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ LifecycleConfiguration: Match.objectLike({ Rules: [Match.objectLike({ Id: 'expire-access-logs' })] }) }) });
  });

  it('tells the API function its photo bucket, with the grant', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'outreach-api', PHOTOS_BUCKET: { Ref: Match.stringLikeRegexp('^Photos') } }) },
    });
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

  it('feeds the matching function the person and report records of the stream, failures to the DLQ', () => {
    const mappings = propertiesOf(template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(2);
    const matching = mappings.find((mapping) => JSON.stringify(mapping.FunctionName).includes('Matching'));
    expect(matching).toMatchObject({ StartingPosition: 'LATEST', BisectBatchOnFunctionError: true, MaximumRetryAttempts: 3 });
    const filters = (matching?.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters.map((filter) => JSON.parse(filter.Pattern) as unknown)).toEqual([{ dynamodb: { NewImage: { type: { S: ['person', 'missingReport'] } } } }]);
  });

  it('feeds the events function only inserted event and encounter items from the stream, failures to the DLQ', () => {
    const mapping = propertiesOf(template, 'AWS::Lambda::EventSourceMapping').find((candidate) => JSON.stringify(candidate.FunctionName).includes('EventsPublisher')) as Record<string, unknown>;
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
      { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['event', 'encounter', 'auditView'] } } } },
    ]);
  });

  it('keeps undeliverable stream records and given-up sweep runs 14 days in CMK-encrypted queues', () => {
    const queues = propertiesOf(template, 'AWS::SQS::Queue');
    expect(Object.keys(template.findResources('AWS::SQS::Queue')).map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['EventsDlq', 'SweepDlq']);
    for (const queue of queues) {
      expect(queue).toMatchObject({
        MessageRetentionPeriod: 14 * 24 * 3600,
        KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
      });
    }
  });

  it('has a Cognito user pool without self sign-up, custom district/facility, and the four role groups', () => {
    const pool = onlyResource(template, 'AWS::Cognito::UserPool');
    expect(pool).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      // TOTP at every sign-in, set up at the first one; no SMS codes.
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      // Plus: compromised credentials and risky sign-ins are blocked, not only logged.
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
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
    expect(groups.sort()).toEqual(['admin', 'patrol', 'shelter', 'system', 'tracer']);
    template.hasOutput('UserPoolId', {});
    template.hasOutput('UserPoolClientId', {});
  });

  describe('alarms', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).map((alarm) => alarm.Properties);
    type Dimension = { Name: string; Value: unknown };
    type MetricQuery = { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: Dimension[] } } };
    const queriesOf = (alarm: Record<string, unknown> | undefined) => (alarm?.Metrics ?? []) as MetricQuery[];
    /** The metric-math alarm over series of this metric. */
    const alarmOnQueries = (metricName: string) =>
      alarms.find((alarm) => queriesOf(alarm).some((query) => query.MetricStat?.Metric.MetricName === metricName));
    const dimensionsOf = (alarm: Record<string, unknown> | undefined, name: string) =>
      queriesOf(alarm)
        .flatMap((query) => query.MetricStat?.Metric.Dimensions ?? [])
        .filter((dimension) => dimension.Name === name)
        .map((dimension) => dimension.Value);

    it('sends every alarm, and its end, to the alarm topic', () => {
      expect(alarms).toHaveLength(11);
      for (const alarm of alarms) {
        expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
        expect(alarm.OKActions).toEqual(alarm.AlarmActions);
      }
    });

    it('alarms on API 5xx, Lambda errors of each function and DLQ depth', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^HttpApi') } }],
      });
      for (const fn of ['^ApiFunction', '^EventsPublisherFunction', '^SweepFunction']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp(fn) } }],
        });
      }
      // One on each dead-letter queue: events not published, and sweeps that failed after their retries.
      for (const queue of ['EventsDlq', 'SweepDlq']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${queue}`), 'QueueName'] } }],
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        });
      }
    });

    it('alarms when stream records wait five minutes for the events function', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Statistic: 'Maximum',
        Threshold: 5 * 60 * 1000,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^EventsPublisherFunction') } }],
      });
    });

    it('alarms on read and write throttles of the table and of every index', () => {
      for (const metricName of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        const alarm = alarmOnQueries(metricName);
        expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
        const queries = queriesOf(alarm);
        expect(queries.find((query) => query.Expression)?.Expression).toMatch(/^SUM\(\[/);
        expect(queries.filter((query) => query.MetricStat)).toHaveLength(1 + tableDefinition.globalSecondaryIndexes.length);
        expect(dimensionsOf(alarm, 'GlobalSecondaryIndexName').sort()).toEqual(
          tableDefinition.globalSecondaryIndexes.map((index) => index.indexName).sort(),
        );
      }
    });

    it('alarms on DynamoDB system errors of every operation the functions call', () => {
      const alarm = alarmOnQueries('SystemErrors');
      expect(alarm).toMatchObject({ Threshold: 1 });
      expect(dimensionsOf(alarm, 'Operation').sort()).toEqual(
        ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'GetRecords', 'PutItem', 'Query', 'TransactWriteItems', 'UpdateItem'],
      );
    });

    it('counts failed publishes from the events function log and alarms on the first', () => {
      const filter = onlyResource(template, 'AWS::Logs::MetricFilter');
      expect(filter).toEqual({
        LogGroupName: { Ref: expect.stringMatching(/^EventsPublisherLogs/) },
        FilterPattern: '{ $.message = "Event publish failed*" }',
        MetricTransformations: [{ MetricNamespace: 'Outreach/test', MetricName: 'EventPublishFailures', MetricValue: '1' }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Outreach/test',
        MetricName: 'EventPublishFailures',
        Statistic: 'Sum',
        Threshold: 1,
      });
      // The filter matches the message the handler logs; a reworded message must move the filter too.
      const handler = readFileSync(path.join(projectRoot, 'functions/events.ts'), 'utf8');
      expect(handler).toMatch(/logger\.(warn|error)\('Event publish failed/);
    });

    it('has no subscribers unless configured', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
    });
  });

  it('runs the campaign evaluation every hour: the hourly rule invokes the sweep, whose jobs include it', () => {
    expect(sweepJobs.map((job) => job.name)).toContain('campaignEvaluation');
    const rule = onlyResource(template, 'AWS::Events::Rule') as { ScheduleExpression: string; Targets: { Arn: { 'Fn::GetAtt': string[] } }[] };
    expect(rule.ScheduleExpression).toBe('rate(1 hour)');
    const target = rule.Targets[0]?.Arn['Fn::GetAtt'][0] ?? '';
    expect(target).toMatch(/^SweepFunction/);
    const fn = template.findResources('AWS::Lambda::Function')[target] as { Properties: { Description: string } };
    expect(fn.Properties.Description).toMatch(/weather campaigns/);
  });

  it('runs the sweep every hour from an EventBridge rule, retried twice, a run given up parked in an encrypted DLQ', () => {
    const rule = onlyResource(template, 'AWS::Events::Rule');
    expect(rule).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^SweepFunction/), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3000 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^SweepDlq/), 'Arn'] } },
        },
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepFunction'), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SweepSchedule'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] }, MessageRetentionPeriod: 14 * 86_400 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'outreach-sweep', TABLE_NAME: { Ref: Match.stringLikeRegexp('^Table') }, PHOTOS_BUCKET: { Ref: Match.stringLikeRegexp('^Photos') } }) },
    });
  });

  it('traces the API, events, matching and sweep functions with X-Ray; not the web function, which serves files', () => {
    const tracing = Object.fromEntries(
      Object.values(template.findResources('AWS::Lambda::Function') as Resources).map((fn) => [
        (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME,
        fn.Properties.TracingConfig,
      ]),
    );
    expect(tracing).toEqual({
      'outreach-api': { Mode: 'Active' },
      'outreach-events': { Mode: 'Active' },
      'outreach-matching': { Mode: 'Active' },
      'outreach-sweep': { Mode: 'Active' },
      'outreach-web': undefined,
    });
  });

  it('parks a sweep run that failed inside the function (after Lambda’s two retries) in the sweep DLQ, not only one EventBridge could not deliver', () => {
    const sweep = Object.values(template.findResources('AWS::Lambda::Function') as Resources).find(
      (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME === 'outreach-sweep',
    );
    expect(sweep).toBeDefined();
    expect(onlyResource(template, 'AWS::Lambda::EventInvokeConfig')).toEqual({
      FunctionName: { Ref: expect.stringMatching(/^SweepFunction/) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3000,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^SweepDlq/), 'Arn'] } } },
    });
  });

  it('exports the API URL, table name and topic ARN', () => {
    for (const name of ['ApiUrl', 'AppUrl', 'TableName', 'TopicArn']) template.hasOutput(name, {});
  });

  it('serves the browser app from the API origin: a web function with no table, key or secret, signing in at the user pool', () => {
    const routes = propertiesOf(template, 'AWS::ApiGatewayV2::Route');
    const web = routes.filter((route) => route.RouteKey === 'GET /' || route.RouteKey === 'GET /{proxy+}');
    const proxy = routes.find((route) => route.RouteKey === 'ANY /v1/{proxy+}');
    expect(web).toHaveLength(2);
    expect(web[0]!.Target).toEqual(web[1]!.Target);
    expect(web[0]!.Target).not.toEqual(proxy?.Target);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'outreach-web',
          WEB_OIDC_ISSUER: { 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: Match.stringLikeRegexp('^Users') }]] },
          WEB_OIDC_CLIENT_ID: { Ref: Match.stringLikeRegexp('^UsersWebClient') },
          // The page may show photos from the photo bucket's presigned URLs.
          WEB_IMAGE_ORIGINS: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^Photos'), 'RegionalDomainName'] }]] },
        }),
      },
    });
    const statements = statementsOfRole(template, /^WebServiceRole/);
    expect(actionsOf(statements)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
  });

  it('adds a hosted sign-in domain when asked', () => {
    const withDomain = synthesize({ stage: 'test', env: { account, region: 'eu-west-1' }, cognitoDomainPrefix: 'outreach-test' });
    withDomain.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'outreach-test' });
    withDomain.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'outreach-web', WEB_CONNECT_ORIGINS: 'https://outreach-test.auth.eu-west-1.amazoncognito.com' }) },
    });
    expect(() => synthesize({ stage: 'test', env: { account, region: 'eu-west-1' }, cognitoDomainPrefix: 'Bad_Prefix' })).toThrow(/cognitoDomainPrefix/);
  });
});

describe('OutreachStack in AWS China with an external OIDC issuer', () => {
  const template = synthesize({
    stage: 'cn',
    env: { account, region: 'cn-northwest-1' },
    oidc: { issuer: 'https://idp.example.cn', audience: ['outreach-api'], jwksUrl: 'https://idp.example.cn/keys', rolesClaim: 'roles', webClientId: 'outreach-web' },
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

  it('points the browser app at the external issuer and its public client', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'outreach-web', WEB_OIDC_ISSUER: 'https://idp.example.cn', WEB_OIDC_CLIENT_ID: 'outreach-web', ROLES_CLAIM: 'roles' }) },
    });
  });

  it('writes no commercial-partition ARN literal', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });
});

describe('OutreachStack configured for a deployment', () => {
  const template = synthesize({
    stage: 'prod',
    env: { account, region: 'eu-west-1' },
    alarmEmails: ['duty@example.org', 'office@example.org'],
    alarmSmsNumbers: ['+8613800000000'],
    logRetentionDays: 365,
    apiReservedConcurrency: 20,
    publicRoutes: false,
    webOrigins: ['https://outreach.example.gov.cn'],
  });

  it('lets the web app’s origin, and no other, PUT photos', () => {
    const bucket = resourceNamed(template, 'AWS::S3::Bucket', /^Photos[0-9A-F]{8}$/);
    expect((bucket.CorsConfiguration as { CorsRules: { AllowedOrigins: string[] }[] }).CorsRules[0]?.AllowedOrigins).toEqual(['https://outreach.example.gov.cn']);
  });

  it('subscribes the duty e-mail addresses and phone to the alarm topic', () => {
    const subscriptions = propertiesOf(template, 'AWS::SNS::Subscription').map((subscription) => ({
      protocol: subscription.Protocol,
      endpoint: subscription.Endpoint,
      topic: (subscription.TopicArn as { Ref: string }).Ref,
    }));
    expect(subscriptions).toEqual([
      { protocol: 'email', endpoint: 'duty@example.org', topic: expect.stringMatching(/^Alarms/) },
      { protocol: 'email', endpoint: 'office@example.org', topic: expect.stringMatching(/^Alarms/) },
      { protocol: 'sms', endpoint: '+8613800000000', topic: expect.stringMatching(/^Alarms/) },
    ]);
  });

  it('keeps logs as long as asked and reserves the API concurrency asked', () => {
    for (const group of propertiesOf(template, 'AWS::Logs::LogGroup')) expect(group.RetentionInDays).toBe(365);
    expect(resourceNamed(template, 'AWS::S3::Bucket', /^PhotoAccessLogs/).LifecycleConfiguration).toEqual({
      Rules: [{ Id: 'expire-access-logs', ExpirationInDays: 365, Status: 'Enabled' }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 20,
      Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'outreach-api' }) },
    });
  });

  it('leaves the unauthenticated routes out of API Gateway with publicRoutes=false', () => {
    const routeKeys = propertiesOf(template, 'AWS::ApiGatewayV2::Route').map((route) => route.RouteKey);
    expect(routeKeys.sort()).toEqual(['ANY /v1/{proxy+}', 'POST /v1/persons/lookup']);
    for (const route of propertiesOf(template, 'AWS::ApiGatewayV2::Route')) expect(route.AuthorizationType).toBe('JWT');
    expect(Object.keys(onlyResource(template, 'AWS::ApiGatewayV2::Stage').RouteSettings as object).sort()).toEqual([
      'ANY /v1/{proxy+}',
      'POST /v1/persons/lookup',
    ]);
  });
});

/** Every acknowledgement in the tree: rule id (without the annotation prefix) → construct paths, and the reasons given. */
function acknowledgementsOf(root: IConstruct): { byRule: Record<string, string[]>; reasons: string[] } {
  const byRule: Record<string, string[]> = {};
  const reasons: string[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        (byRule[id.replace(/^annotation::/i, '')] ??= []).push(construct.node.path);
        reasons.push(reason);
      }
    }
  }
  return { byRule, reasons };
}

describe('OutreachStack against AWS’s rule packs (cdk-nag AwsSolutions and Serverless)', () => {
  const oidc = { issuer: 'https://idp.example.cn', audience: ['outreach-api'] };
  const configurations: Record<string, Omit<OutreachStackProps, 'bundle' | 'stage'>> = {
    'Cognito, commercial partition': { env: { account, region: 'eu-west-1' } },
    'AWS China, external OIDC issuer, no public routes': { env: { account, region: 'cn-northwest-1' }, oidc, publicRoutes: false },
    'a deployment with alarm subscribers and longer logs': {
      env: { account, region: 'eu-west-1' },
      alarmEmails: ['duty@example.org'],
      alarmSmsNumbers: ['+8613800000000'],
      logRetentionDays: 365,
      publicRoutes: false,
    },
    'tracing off and MFA optional': { env: { account, region: 'eu-west-1' }, tracing: false, mfa: 'optional' },
  };

  function checked(props: Omit<OutreachStackProps, 'bundle' | 'stage'>) {
    const app = new App({ context: cdkContext });
    new OutreachStack(app, 'Outreach-nag', { stage: 'nag', ...props, bundle: false });
    const packs = [new AwsSolutionsChecks(app), new ServerlessChecks(app)];
    const findings = packs.flatMap((pack) =>
      pack.validateScope(app).violations.flatMap((violation) =>
        violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath} (${violation.severity})`),
      ),
    );
    return { app, packs, findings };
  }

  it.each(Object.keys(configurations))('leaves no finding, warning or error, that is neither fixed nor acknowledged: %s', (name) => {
    const { app, packs, findings } = checked(configurations[name]!);
    expect(findings).toEqual([]);
    // The same packs as synthesis plugins, as the CDK app runs them: an error stops the synth.
    Validations.of(app).addPlugins(...packs);
    expect(() => app.synth()).not.toThrow();
  });

  it('acknowledges these findings only, each where it arises, with a reason', () => {
    const { app } = checked(configurations['Cognito, commercial partition']!);
    const { byRule, reasons } = acknowledgementsOf(app);
    const traced = ['Api', 'EventsPublisher', 'Matching', 'Sweep'];
    const photosBucket = /<Photos[0-9A-F]{8}\.Arn>/;
    expect(Object.keys(byRule).map((rule) => rule.replace(photosBucket, '<photo bucket>')).sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<photo bucket>/*]',
        'AwsSolutions-S1',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
        'Serverless-LambdaDLQ',
        'Serverless-LambdaTracing',
        'Serverless-SQSRedrivePolicy',
      ].sort(),
    );
    const at = (rule: string) => [...(byRule[rule] ?? [])].map((path) => path.replace(/^Outreach-nag\//, '')).sort();
    // The public routes only; every /v1 route has the JWT authorizer.
    expect(at('AwsSolutions-APIG4')).toEqual(['HttpApi/GET--', 'HttpApi/GET--docs', 'HttpApi/GET--health', 'HttpApi/GET--openapi.json', 'HttpApi/GET--{proxy+}'].sort());
    expect(at('AwsSolutions-IAM5[Resource::*]')).toEqual(traced.map((fn) => `${fn}/ServiceRole`).sort());
    expect(at('AwsSolutions-S1')).toEqual(['PhotoAccessLogs']);
    expect(at('AwsSolutions-SMG4')).toEqual(['IdIndexKey']);
    expect(at('AwsSolutions-SQS3')).toEqual(['EventsDlq', 'SweepDlq']);
    expect(at('Serverless-SQSRedrivePolicy')).toEqual(['EventsDlq', 'SweepDlq']);
    // Synchronous (API Gateway) and stream-fed functions need none; the sweep has an on-failure destination instead.
    expect(at('Serverless-LambdaDLQ')).toEqual(['Api', 'EventsPublisher', 'Matching', 'Sweep', 'Web'].map((fn) => `${fn}/Function`));
    const photoObjects = Object.keys(byRule).find((rule) => photosBucket.test(rule))!;
    // Objects of the photos bucket: the API's get, put and delete, and the retention job's delete.
    expect(at(photoObjects)).toEqual(['Api/ServiceRole', 'Sweep/ServiceRole']);
    expect(at('AwsSolutions-IAM5[Action::kms:GenerateDataKey*]')).toEqual(traced.map((fn) => `${fn}/ServiceRole`).sort());
    expect(at('Serverless-LambdaTracing')).toEqual(['Web/Function']);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(40);
  });

  it('turns tracing off and MFA to optional by context, acknowledging those findings only then', () => {
    const { app } = checked(configurations['tracing off and MFA optional']!);
    const template = Template.fromStack(app.node.findChild('Outreach-nag') as OutreachStack);
    for (const fn of propertiesOf(template, 'AWS::Lambda::Function')) expect(fn.TracingConfig).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('xray:');
    // Each user chooses; still TOTP only, no SMS codes.
    expect(onlyResource(template, 'AWS::Cognito::UserPool')).toMatchObject({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    const { byRule } = acknowledgementsOf(app);
    expect(byRule['Serverless-LambdaTracing']?.map((path) => path.replace(/^Outreach-nag\//, '')).sort()).toEqual(
      ['Api', 'EventsPublisher', 'Matching', 'Sweep', 'Web'].map((fn) => `${fn}/Function`),
    );
    expect(byRule['AwsSolutions-COG2']).toEqual(['Outreach-nag/Users']);
    expect(byRule['AwsSolutions-IAM5[Resource::*]']).toBeUndefined();
  });
});

describe('OutreachStack refuses settings it cannot honour', () => {
  const construct = (props: Partial<OutreachStackProps>) => () =>
    new OutreachStack(new App({ context: cdkContext }), 'Outreach-x', { stage: 'x', bundle: false, ...props });
  const oidc = { issuer: 'https://idp.example.cn', audience: ['outreach-api'] };

  it.each(['cn-north-1', 'cn-northwest-1'])('needs an external OIDC issuer in %s (no Cognito user pools there)', (region) => {
    expect(construct({ env: { account, region } })).toThrow(ConfigurationError);
    expect(construct({ env: { account, region } })).toThrow(/not offered in .*oidcIssuer.*oidcAudience/);
    expect(construct({ env: { account, region }, oidc })).not.toThrow();
  });

  it('does not guess when the region is left to deploy time (a token)', () => {
    expect(construct({})).not.toThrow();
  });

  it('sends no text messages in the China regions', () => {
    expect(construct({ env: { account, region: 'cn-north-1' }, oidc, alarmSmsNumbers: ['+8613800000000'] })).toThrow(/alarmSms/);
  });

  it('keeps logs six months at least, in a period CloudWatch Logs offers', () => {
    expect(construct({ logRetentionDays: 90 })).toThrow(/logRetentionDays must be at least 180.*got 90/);
    expect(construct({ logRetentionDays: 200 })).toThrow(/logRetentionDays must be a CloudWatch Logs retention period \(180, 365, /);
  });

  it('checks concurrency, e-mail addresses and phone numbers', () => {
    expect(construct({ apiReservedConcurrency: 0 })).toThrow(/apiReservedConcurrency/);
    expect(construct({ alarmEmails: ['duty'] })).toThrow(/alarmEmail must be e-mail addresses; got "duty"/);
    expect(construct({ alarmSmsNumbers: ['13800000000'] })).toThrow(/alarmSms must be E\.164/);
  });

  it('takes web origins as scheme, host and port only, and callback URLs as URLs', () => {
    expect(construct({ webOrigins: ['https://outreach.example.gov.cn/app'] })).toThrow(/webOrigins must be origins/);
    expect(construct({ webOrigins: ['*'] })).toThrow(/webOrigins must be origins/);
    expect(construct({ callbackUrls: ['not a url'] })).toThrow(/callbackUrls must be URLs/);
  });

  it('stops the CDK app with one line naming the settings', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'outreach-app-'));
    const tsx = path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
    // The CLI hands context to the app this way; a China region without an issuer.
    const env = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ region: 'cn-north-1' }), CDK_OUTDIR: outdir };
    const result = await promisify(execFile)(process.execPath, [tsx, 'infra/app.ts'], { cwd: projectRoot, env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    rmSync(outdir, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Outreach: Cognito user pools are not offered in cn-north-1: .*oidcIssuer.*oidcAudience/),
    ]);
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
      [
        path.join(projectRoot, 'node_modules/aws-cdk/bin/cdk'),
        ...['synth', '--quiet', '--output', outdir, '-c', 'stage=ci', '-c', 'region=eu-west-1'],
        // The deployment settings, as the README gives them, through the app's context parsing.
        ...['-c', 'alarmEmail=duty@example.org', '-c', 'logRetentionDays=365'],
        ...['-c', 'apiReservedConcurrency=20', '-c', 'publicRoutes=false'],
      ],
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
    // Loaded on first use: the pinyin dictionary and the holiday table sit beside the bundle, not in it.
    const assetDir = path.join(outdir, `asset.${assetHash}`);
    expect(existsSync(path.join(assetDir, 'node_modules/pinyin-pro/dist/index.js'))).toBe(true);
    expect(existsSync(path.join(assetDir, 'node_modules/chinese-days/dist/chinese-days.json'))).toBe(true);
    // Route modules are chunks, read when their resource is first asked for.
    const chunks = readdirSync(path.join(assetDir, 'chunks')).filter((file) => file.endsWith('.mjs'));
    expect(chunks.some((file) => file.startsWith('facilities-'))).toBe(true);
    for (const chunk of chunks) expect(existsSync(path.join(assetDir, 'chunks', `${chunk}.map`)), chunk).toBe(true);
    const shipped = [bundle, ...chunks.map((file) => readFileSync(path.join(assetDir, 'chunks', file), 'utf8'))].join('\n');
    expect(shipped).not.toContain('pinyin-pro/dist');
    // zod speaks English only: no other locale's messages in the bundle.
    expect(shipped).not.toContain('Ungültige Eingabe');
  });

  it('passes the deployment settings from the command line to the stack', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'duty@example.org' });
    for (const group of propertiesOf(template, 'AWS::Logs::LogGroup')) expect(group.RetentionInDays).toBe(365);
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 20 });
    const routeKeys = propertiesOf(template, 'AWS::ApiGatewayV2::Route').map((route) => route.RouteKey);
    expect(routeKeys.sort()).toEqual(['ANY /v1/{proxy+}', 'POST /v1/persons/lookup']);
  });

  it('bundles the events, sweep, matching and web functions too', () => {
    const keys = Object.values(template.findResources('AWS::Lambda::Function') as Resources).map(
      (fn) => (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, ''),
    );
    expect(keys).toHaveLength(5);
    // One bundle each: a shared asset would run the API's code in every function.
    expect(new Set(keys).size).toBe(5);
    for (const key of keys) expect(existsSync(path.join(outdir, `asset.${key}`, 'index.mjs'))).toBe(true);
  });

  it('builds the browser app into the web function’s asset', () => {
    const webFunction = Object.values(template.findResources('AWS::Lambda::Function') as Resources).find(
      (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME === 'outreach-web',
    );
    const asset = path.join(outdir, `asset.${(webFunction?.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`);
    for (const file of ['index.mjs', 'site/index.html', 'site/sw.js', 'site/precache.json']) expect(existsSync(path.join(asset, file)), file).toBe(true);
    expect(readdirSync(path.join(asset, 'site/assets')).some((name) => name.endsWith('.js'))).toBe(true);
  });
});
