import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type CfnStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../shared/store/table.js';
import { eventsItemActions, matchingItemActions, OnFailureQueue, OutreachFunction, sweepItemActions, useBucket, useSecret, useTable, useTopic } from './lambda.js';
import { roles } from '../shared/domain/access.js';
import { outreachRules } from '../shared/domain/rules.js';
import { mapTilesFromEnv } from '../shared/web/map-config.js';

/** Cognito groups; a user's groups are their roles (`cognito:groups`), `system` (the national rule values) among them. */
export const roleGroups = roles;

/** 网络安全法 art. 21: network logs are kept for six months at least. */
export const minimumLogRetentionDays = 180;

/** Routes served without a token; in the China regions they need an ICP filing (see README). */
export const publicPaths = ['/health', '/openapi.json', '/docs'] as const;

/** Gateway throttles (steady requests per second, burst); each is shared by all callers of its routes. */
export const throttles = {
  stage: { rateLimit: 100, burstLimit: 200 },
  api: { rateLimit: 100, burstLimit: 200 },
  // A ceiling on ID-number lookups across all callers; the app limits each caller on its own.
  lookup: { rateLimit: 2, burstLimit: 5 },
  public: { rateLimit: 10, burstLimit: 20 },
  /** The browser app: a first load fetches about six files, later ones come from its service worker. */
  web: { rateLimit: 50, burstLimit: 100 },
} as const;

type Throttle = (typeof throttles)[keyof typeof throttles];

export interface OutreachStackProps extends StackProps {
  readonly stage: string;
  /** An external OIDC issuer (required where Cognito user pools are not offered, e.g. AWS China). */
  readonly oidc?: { issuer: string; audience: string[]; jwksUrl?: string; rolesClaim?: string; webClientId?: string };
  /** Cognito only: the prefix of the hosted sign-in domain the browser app sends users to. */
  readonly cognitoDomainPrefix?: string;
  /** The browser app's map tiles as MAP_TILES / MAP_TILE_KEY / MAP_TILE_URL (shared/web/map-config.ts). */
  readonly mapTiles?: Record<string, string>;
  /** OAuth callback URLs of the web client (Cognito only). */
  readonly callbackUrls?: string[];
  /**
   * Origins of the web app (https://outreach.example.gov.cn), allowed to PUT photos to the bucket
   * from a browser. Default: the origins of `callbackUrls`, else http://localhost:3000.
   */
  readonly webOrigins?: readonly string[];
  /** `false` skips esbuild bundling (stub handlers); only for assertion tests. Default true. */
  readonly bundle?: boolean;
  /** E-mail addresses subscribed to the alarm topic. */
  readonly alarmEmails?: readonly string[];
  /** Phone numbers (E.164, e.g. +8613800000000) that get alarms by SMS; SNS sends none in the China regions. */
  readonly alarmSmsNumbers?: readonly string[];
  /** Retention of function and API access logs, in days: a CloudWatch Logs period of 180 or more. Default 180. */
  readonly logRetentionDays?: number;
  /** Reserved concurrency of the API function. Default 50. */
  readonly apiReservedConcurrency?: number;
  /** Route /health, /docs and /openapi.json through API Gateway. Default true. */
  readonly publicRoutes?: boolean;
  /** X-Ray active tracing of the API, events, matching and sweep functions. Default true. */
  readonly tracing?: boolean;
  /**
   * Cognito only: `required` (default) asks every user for a TOTP code at each sign-in (set up at the
   * first); `optional` lets each user choose. A user pool sets MFA for all its users, not per group.
   */
  readonly mfa?: 'required' | 'optional';
}

/** A deployment setting the stack refuses; the app prints the message alone, as one line. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** The AWS China regions; `false` while the region is unknown at synth time (a token). */
function isChinaRegion(region: string): boolean {
  return !Token.isUnresolved(region) && region.startsWith('cn-');
}

/** The CloudWatch Logs retention for a number of days, refusing less than the legal minimum. */
function logRetention(days: number = minimumLogRetentionDays): logs.RetentionDays {
  if (days < minimumLogRetentionDays) {
    throw new ConfigurationError(
      `logRetentionDays must be at least ${minimumLogRetentionDays} (网络安全法 art. 21 keeps network logs six months); got ${days}`,
    );
  }
  const periods = Object.values(logs.RetentionDays).filter(
    (period): period is logs.RetentionDays => typeof period === 'number' && period !== logs.RetentionDays.INFINITE,
  );
  const period = periods.find((candidate) => candidate === days);
  if (period === undefined) {
    const allowed = periods.filter((candidate) => candidate >= minimumLogRetentionDays).join(', ');
    throw new ConfigurationError(`logRetentionDays must be a CloudWatch Logs retention period (${allowed}); got ${days}`);
  }
  return period;
}

/** The origin of a URL (scheme, host, port), refusing what is not a URL. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new ConfigurationError(`callbackUrls must be URLs; got "${url}"`);
  }
}

function positiveWholeNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(`${name} must be a whole number of 1 or more; got ${value}`);
  return value;
}

function checkAll(name: string, values: readonly string[], pattern: RegExp, expected: string): readonly string[] {
  const bad = values.find((value) => !pattern.test(value));
  if (bad !== undefined) throw new ConfigurationError(`${name} must be ${expected}; got "${bad}"`);
  return values;
}

export class OutreachStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: HttpApi;
  readonly eventsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: OutreachStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const bundle = props.bundle ?? true;
    const publicRoutes = props.publicRoutes ?? true;
    const retention = logRetention(props.logRetentionDays);
    const apiReservedConcurrency = positiveWholeNumber('apiReservedConcurrency', props.apiReservedConcurrency ?? 50);
    const alarmEmails = checkAll('alarmEmail', props.alarmEmails ?? [], /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'e-mail addresses');
    const webOrigins = checkAll(
      'webOrigins',
      props.webOrigins ?? [...new Set((props.callbackUrls ?? ['http://localhost:3000/callback']).map(originOf))],
      /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/,
      'origins (scheme, host and optional port, e.g. https://outreach.example.gov.cn)',
    );
    const alarmSmsNumbers = checkAll('alarmSms', props.alarmSmsNumbers ?? [], /^\+[1-9]\d{6,14}$/, 'E.164 phone numbers (+8613800000000)');
    const tracing = (props.tracing ?? true)
      ? ({ active: true } as const)
      : ({ active: false, because: 'X-Ray tracing is turned off for this deployment (-c tracing=false); the function logs and metrics remain.' } as const);
    const mfa = props.mfa ?? 'required';
    if (mfa !== 'required' && mfa !== 'optional') throw new ConfigurationError(`mfa must be required or optional; got "${String(mfa)}"`);
    if (isChinaRegion(this.region)) {
      if (!props.oidc) {
        throw new ConfigurationError(
          `Cognito user pools are not offered in ${this.region}: give an external OIDC issuer with -c oidcIssuer=... -c oidcAudience=...`,
        );
      }
      if (alarmSmsNumbers.length > 0) {
        throw new ConfigurationError(`SNS sends no text messages in ${this.region}: drop alarmSms and use alarmEmail`);
      }
    }

    const key = new kms.Key(this, 'DataKey', {
      description: `Outreach ${stage}: table, secrets, topics and queues`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ---- Data -------------------------------------------------------------------------------
    const attribute = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        // Only what each index's queries return: no health notes, guardians or sealed ID numbers in indexes.
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.include],
      })),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      dynamoStream: dynamodb.StreamViewType[tableDefinition.streamViewType],
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(key),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Key of the blind index over national ID numbers: losing it orphans every index entry.
    const idIndexSecret = new secretsmanager.Secret(this, 'IdIndexKey', {
      description: `Outreach ${stage}: HMAC key of the ID-number blind index`,
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(idIndexSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key is an HMAC blind index (and the seal) of every stored ID number: an automatic rotation would orphan every index entry and sealed number at once. ' +
        'It is rotated as a re-keying instead: add the new key as a second secret version, re-seal and re-index every person with it (each person and its ID-number item in one transaction, ' +
        'lookups trying both keys meanwhile), then retire the old version.',
    });

    // Server access logs of the photo bucket (who fetched or uploaded which photo object, when). S3
    // delivers them only into a bucket with S3-managed keys; kept as long as the other logs.
    const photoAccessLogs = new s3.Bucket(this, 'PhotoAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(retention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(photoAccessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the photo bucket: logging it too would need a third bucket for the logs of the logs, and it holds no personal records.',
    });

    // Person photos for tracing notices: private, encrypted with the stack's key, reached only through
    // URLs the API presigns. Uploads wait under uploads/ until checked and stripped of metadata (the
    // API then deletes them); one never completed expires with the day.
    const photosBucket = new s3.Bucket(this, 'Photos', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: false,
      lifecycleRules: [
        { id: 'expire-uploads', prefix: 'uploads/', expiration: Duration.days(Math.ceil(outreachRules.photos.pendingHours / 24)) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // The browser PUTs the file itself, to the presigned URL, from the web app's origin.
      cors: [{ allowedMethods: [s3.HttpMethods.PUT], allowedOrigins: [...webOrigins], allowedHeaders: ['content-type'], maxAge: 3600 }],
      serverAccessLogsBucket: photoAccessLogs,
      serverAccessLogsPrefix: 'photos/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ---- Identity ---------------------------------------------------------------------------
    let issuer: string;
    let audience: string[];
    let userPool: cognito.UserPool | undefined;
    let signInOrigin: string | undefined;
    let userPoolClient: cognito.UserPoolClient | undefined;
    if (props.oidc) {
      issuer = props.oidc.issuer;
      audience = props.oidc.audience;
    } else {
      userPool = new cognito.UserPool(this, 'Users', {
        selfSignUpEnabled: false,
        signInAliases: { username: true, email: true },
        // TOTP only: SMS codes are phishable, cost per message and do not reach a phone without signal.
        mfa: mfa === 'required' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
        mfaSecondFactor: { otp: true, sms: false },
        // Plus: threat protection checks each sign-in against leaked credentials and scores its risk,
        // and acts on it (full function, not audit only), for the accounts that open a register of
        // sensitive personal data; for a staff pool of tens of users its per-user price is small.
        featurePlan: cognito.FeaturePlan.PLUS,
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
          tempPasswordValidity: Duration.days(3),
        },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        customAttributes: {
          district: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
          facility: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      if (mfa === 'optional') {
        Validations.of(userPool).acknowledge({
          id: 'AwsSolutions-COG2',
          reason: 'The office chose optional MFA for this deployment (-c mfa=optional): each user, admins included, chooses TOTP; a user pool cannot require it for one group only.',
        });
      }
      userPoolClient = userPool.addClient('WebClient', {
        generateSecret: false,
        authFlows: { userSrp: true },
        // Users must not edit their own jurisdiction: custom:district and custom:facility are set by admins only.
        writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
        preventUserExistenceErrors: true,
        oAuth: {
          flows: { authorizationCodeGrant: true },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: props.callbackUrls ?? ['http://localhost:3000/callback'],
        },
      });
      for (const role of roleGroups) {
        userPool.addGroup(`Group-${role}`, { groupName: role, description: `Role ${role}` });
      }
      if (props.cognitoDomainPrefix) {
        if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(props.cognitoDomainPrefix)) {
          throw new ConfigurationError(`cognitoDomainPrefix must be lower-case letters, digits and hyphens; got "${props.cognitoDomainPrefix}"`);
        }
        userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix: props.cognitoDomainPrefix } });
        // The hosted UI's token endpoint, which the browser app calls to exchange its code.
        signInOrigin = `https://${props.cognitoDomainPrefix}.auth.${this.region}.amazoncognito.com`;
      }
      issuer = `https://cognito-idp.${this.region}.${this.urlSuffix}/${userPool.userPoolId}`;
      audience = [userPoolClient.userPoolClientId];
    }

    // ---- API --------------------------------------------------------------------------------
    const apiFunction = new OutreachFunction(this, 'Api', {
      entry: 'functions/api.ts',
      stage,
      serviceName: 'outreach-api',
      timeout: Duration.seconds(15),
      bundle,
      logRetention: retention,
      reservedConcurrentExecutions: apiReservedConcurrency,
      invocation: { by: 'api-gateway' },
      tracing,
      environment: {
        JWT_ISSUER: issuer,
        JWT_AUDIENCE: audience.join(','),
        ...(props.oidc?.jwksUrl ? { JWKS_URL: props.oidc.jwksUrl } : {}),
        ...(props.oidc?.rolesClaim ? { ROLES_CLAIM: props.oidc.rolesClaim } : {}),
      },
      description: `Outreach ${stage}: HTTP API`,
    });
    useTable(apiFunction.fn, this.table);
    useSecret(apiFunction.fn, idIndexSecret, 'ID_INDEX_SECRET_ARN');
    useBucket(apiFunction.fn, photosBucket, 'PHOTOS_BUCKET');

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `outreach-${stage}`,
      createDefaultStage: false,
    });
    const apiStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: throttles.stage,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No caller IP or user agent: access logs stay free of personal data.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('ApiIntegration', apiFunction.fn);
    const authorizer: IHttpRouteAuthorizer = new HttpJwtAuthorizer('JwtAuthorizer', issuer, {
      jwtAudience: audience,
      identitySource: ['$request.header.Authorization'],
    });
    // Every route gets its own throttle on the stage (RouteSettings are keyed by route key).
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const addRoute = (
      method: HttpMethod,
      path: string,
      throttle: Throttle,
      access: { authorizer: IHttpRouteAuthorizer } | { public: string },
      routeIntegration: HttpLambdaIntegration = integration,
    ) => {
      const authorizer = 'authorizer' in access ? access.authorizer : undefined;
      for (const route of this.api.addRoutes({ path, methods: [method], integration: routeIntegration, authorizer })) {
        // The stage names the route in its settings, so the route must exist first.
        apiStage.node.addDependency(route);
        if ('public' in access) Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: access.public });
      }
      routeSettings[`${method} ${path}`] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
    };
    const docsArePublic = {
      public: 'Public on purpose: health, the OpenAPI document and its viewer carry no personal data and are read before anyone signs in; every /v1 route has the JWT authorizer.',
    };
    if (publicRoutes) {
      for (const publicPath of publicPaths) addRoute(HttpMethod.GET, publicPath, throttles.public, docsArePublic);
    }
    addRoute(HttpMethod.ANY, '/v1/{proxy+}', throttles.api, { authorizer });

    // The browser app from the API's own origin: one ICP-filed domain for app and API, no CORS, and
    // nothing CloudFront-specific (CloudFront in the China regions needs its own filed domain).
    // A small function serves the Vite build, bundled beside it; /v1 routes stay more specific.
    const webFunction = new OutreachFunction(this, 'Web', {
      entry: 'functions/web.ts',
      stage,
      serviceName: 'outreach-web',
      memorySize: 256,
      timeout: Duration.seconds(5),
      bundle,
      logRetention: retention,
      invocation: { by: 'api-gateway' },
      tracing: {
        active: false,
        because: 'Serves the built browser app from its own bundle and calls no other service: a trace would only repeat the duration its log and metrics already show.',
      },
      environment: {
        WEB_OIDC_ISSUER: issuer,
        WEB_OIDC_CLIENT_ID: props.oidc ? (props.oidc.webClientId ?? audience[0]!) : audience[0]!,
        ...(props.oidc?.rolesClaim ? { ROLES_CLAIM: props.oidc.rolesClaim } : {}),
        ...(signInOrigin ? { WEB_CONNECT_ORIGINS: signInOrigin } : {}),
        // Photos are shown from presigned URLs of the photo bucket (virtual-hosted, regional).
        WEB_IMAGE_ORIGINS: `https://${photosBucket.bucketRegionalDomainName}`,
        ...(mapTilesFromEnv(props.mapTiles ?? {}) ? props.mapTiles : {}),
      },
      afterBundling: (inputDir, outputDir) => [
        `cd "${inputDir}" && node node_modules/vite/bin/vite.js build --config web/vite.config.ts --outDir "${outputDir}/site" --emptyOutDir --logLevel warn`,
      ],
      description: `Outreach ${stage}: the browser app`,
    });
    if (publicRoutes) {
      const webIntegration = new HttpLambdaIntegration('WebIntegration', webFunction.fn);
      const appIsPublic = {
        public: 'Public on purpose: the browser app\'s static files, loaded before sign-in; they hold no data, which the app then fetches from /v1 with a token.',
      };
      for (const path of ['/', '/{proxy+}']) addRoute(HttpMethod.GET, path, throttles.web, appIsPublic, webIntegration);
    }
    // The same app behind its own route key, so that the gateway can hold lookups to a tighter limit.
    addRoute(HttpMethod.POST, '/v1/persons/lookup', throttles.lookup, { authorizer });
    (apiStage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    // ---- Events -----------------------------------------------------------------------------
    this.eventsTopic = new sns.Topic(this, 'Events', {
      displayName: `Outreach ${stage} events`,
      masterKey: key,
      enforceSSL: true,
    });
    /** A dead-letter queue: encrypted with the stack key, messages kept 14 days (SQS's longest). */
    const deadLetterQueue = (id: string, holds: string) => {
      const queue = new sqs.Queue(this, id, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: key,
        retentionPeriod: Duration.days(14),
        enforceSSL: true,
      });
      // cdk-nag recognizes a DLQ only as the target of another queue's redrive policy.
      const isTheDlq = `This queue is itself the dead-letter queue (${holds}), alarmed on its first message; a dead-letter queue of it would only move the same messages.`;
      Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: isTheDlq }, { id: 'Serverless-SQSRedrivePolicy', reason: isTheDlq });
      return queue;
    };
    const eventsDlq = deadLetterQueue('EventsDlq', 'the stream batches the events and matching functions gave up on');
    const eventsFunction = new OutreachFunction(this, 'EventsPublisher', {
      entry: 'functions/events.ts',
      stage,
      serviceName: 'outreach-events',
      timeout: Duration.seconds(60),
      bundle,
      logRetention: retention,
      // Lambda runs one batch per stream shard at a time and a small table has few shards; the
      // ceiling keeps a stream backlog from taking concurrency the API needs.
      reservedConcurrentExecutions: 5,
      invocation: { by: 'stream' },
      tracing,
      description: `Outreach ${stage}: table stream to SNS, and the sleeping-spot cells`,
    });
    useTopic(eventsFunction.fn, this.eventsTopic);
    // New encounters are counted into their sleeping-spot cells here (a transaction of two updates).
    useTable(eventsFunction.fn, this.table, eventsItemActions);
    // Grants the stream reads (GetRecords, GetShardIterator, DescribeStream, ListStreams on the stream)
    // and kms:Decrypt/DescribeKey on the table key; the DLQ gets SendMessage only.
    eventsFunction.fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        bisectBatchOnError: true,
        // The handler names the record that failed; Lambda resends from it, not the whole batch.
        reportBatchItemFailures: true,
        retryAttempts: 3,
        onFailure: new OnFailureQueue(eventsDlq),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.or('event', 'encounter', 'auditView') } } },
          }),
        ],
      }),
    );

    // ---- Matching (family tracing) ------------------------------------------------------------
    // A second consumer of the stream: person and report records whose matching profile changed
    // are scored again. Every step is idempotent, so failed batches retry, bisect, then park in the DLQ.
    const matchingFunction = new OutreachFunction(this, 'Matching', {
      entry: 'functions/matching.ts',
      stage,
      serviceName: 'outreach-matching',
      timeout: Duration.seconds(120),
      memorySize: 1024,
      bundle,
      logRetention: retention,
      reservedConcurrentExecutions: 5,
      invocation: { by: 'stream' },
      tracing,
      description: `Outreach ${stage}: match unidentified persons and missing-person reports`,
    });
    useTable(matchingFunction.fn, this.table, matchingItemActions);
    matchingFunction.fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 50,
        bisectBatchOnError: true,
        retryAttempts: 3,
        onFailure: new OnFailureQueue(eventsDlq),
        filters: [
          lambda.FilterCriteria.filter({ dynamodb: { NewImage: { type: { S: lambda.FilterRule.or('person', 'missingReport') } } } }),
        ],
      }),
    );

    // ---- Hourly sweep -----------------------------------------------------------------------
    // Care stages (rules 5 and 7), expired waitlist offers and the weather-campaign evaluation
    // (forecasts from Open-Meteo over HTTPS: the function runs outside a VPC, with internet egress).
    const sweepDlq = deadLetterQueue('SweepDlq', 'the hourly sweeps that failed after their retries');
    const sweepFunction = new OutreachFunction(this, 'Sweep', {
      entry: 'functions/sweep.ts',
      stage,
      serviceName: 'outreach-sweep',
      timeout: Duration.minutes(5),
      bundle,
      logRetention: retention,
      // One run at a time: a slow run is never overtaken by the next hour's.
      reservedConcurrentExecutions: 1,
      // EventBridge invokes it asynchronously: Lambda retries a failed run twice, within the hour,
      // then parks it in the DLQ (EventBridge's own DLQ below takes only runs it could not deliver).
      invocation: { by: 'schedule', onFailure: sweepDlq, retryAttempts: 2, maxEventAge: Duration.minutes(50) },
      tracing,
      description: `Outreach ${stage}: hourly sweep (care stages, waitlist offers, weather campaigns, retention)`,
    });
    useTable(sweepFunction.fn, this.table, sweepItemActions);
    // The retention job removes the photo files of records whose purpose was achieved: delete only.
    useBucket(sweepFunction.fn, photosBucket, 'PHOTOS_BUCKET', ['s3:DeleteObject']);
    // EventBridge sends a run it gave up on to the encrypted DLQ, so it needs the key for that queue.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    new events.Rule(this, 'SweepSchedule', {
      description: `Outreach ${stage}: run the sweep every hour`,
      schedule: events.Schedule.rate(Duration.hours(1)),
      // Its writes are conditional, so a retried run proposes nothing twice; one given up lands in the DLQ.
      targets: [new targets.LambdaFunction(sweepFunction.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(50), deadLetterQueue: sweepDlq })],
    });

    // ---- Alarms -----------------------------------------------------------------------------
    const alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `Outreach ${stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // An alarm SNS could not deliver to an address (a bounce, a mailbox gone) is kept, and its own
    // alarm reaches the other subscribers.
    const alarmDeliveryDlq =
      alarmEmails.length + alarmSmsNumbers.length > 0
        ? deadLetterQueue('AlarmDeliveryDlq', 'alarm messages SNS could not deliver to an e-mail address')
        : undefined;
    const alarmSubscription = { ...(alarmDeliveryDlq ? { deadLetterQueue: alarmDeliveryDlq } : {}) };
    for (const email of alarmEmails) alarmTopic.addSubscription(new subscriptions.EmailSubscription(email, alarmSubscription));
    for (const phone of alarmSmsNumbers) {
      const subscription = alarmTopic.addSubscription(new subscriptions.SmsSubscription(phone));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason: 'CDK\'s SMS subscription takes no dead-letter queue; a text SNS could not deliver counts in the topic\'s NumberOfNotificationsFailed, whose alarm reaches the other subscribers.',
      });
    }
    // CloudWatch publishes to the encrypted alarm topic, and SNS to the encrypted delivery DLQ, so both need the key.
    const servicesUsingKey = ['cloudwatch.amazonaws.com', ...(alarmDeliveryDlq ? ['sns.amazonaws.com'] : [])];
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: servicesUsingKey.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const fiveMinutes = Duration.minutes(5);
    const sum = { period: fiveMinutes, statistic: cloudwatch.Stats.SUM };
    const atLeastOne = (metric: cloudwatch.IMetric) => ({ metric, threshold: 1 });
    /** The sum of several series; SUM over an array adds what each series has, where `a + b` would need both. */
    const sumOf = (label: string, metrics: cloudwatch.IMetric[]) =>
      new cloudwatch.MathExpression({
        label,
        period: fiveMinutes,
        expression: `SUM([${metrics.map((_, index) => `m${index}`).join(', ')}])`,
        usingMetrics: Object.fromEntries(metrics.map((metric, index) => [`m${index}`, metric])),
      });
    const tableMetric = (metricName: string, dimensions: Record<string, string> = {}) =>
      this.table.metric(metricName, { ...sum, dimensionsMap: { TableName: this.table.tableName, ...dimensions } });
    // An on-demand table still throttles a hot partition, on the table or on an index.
    const throttleEvents = (metricName: 'ReadThrottleEvents' | 'WriteThrottleEvents') =>
      sumOf(`${metricName} of the table and its indexes`, [
        tableMetric(metricName),
        ...tableDefinition.globalSecondaryIndexes.map((index) =>
          tableMetric(metricName, { GlobalSecondaryIndexName: index.indexName }),
        ),
      ]);
    // SystemErrors exist per operation only: the ones the API and the stream reader use.
    const tableOperations = [
      ...['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'],
      'GetRecords',
    ];

    // Each failed publish is logged before Lambda retries it (functions/events.ts); the DLQ alarm
    // below says when records were given up, this one says at once that SNS refuses.
    const publishFailures = new logs.MetricFilter(this, 'EventPublishFailures', {
      logGroup: eventsFunction.logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', 'Event publish failed*'),
      metricNamespace: `Outreach/${stage}`,
      metricName: 'EventPublishFailures',
      metricValue: '1',
    });

    const alarms: Record<string, { description: string; metric: cloudwatch.IMetric; threshold: number }> = {
      Api5xxAlarm: { description: 'HTTP API answered with 5xx', ...atLeastOne(this.api.metricServerError(sum)) },
      ApiErrorsAlarm: { description: 'Lambda errors: HTTP API', ...atLeastOne(apiFunction.fn.metricErrors(sum)) },
      EventsErrorsAlarm: { description: 'Lambda errors: events publisher', ...atLeastOne(eventsFunction.fn.metricErrors(sum)) },
      SweepErrorsAlarm: { description: 'Lambda errors: hourly sweep', ...atLeastOne(sweepFunction.fn.metricErrors(sum)) },
      EventsIteratorAgeAlarm: {
        description: 'Stream records wait 5 minutes or more for the events function',
        metric: eventsFunction.fn.metric('IteratorAge', { period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: Duration.minutes(5).toMilliseconds(),
      },
      EventPublishFailuresAlarm: {
        description: 'The events function failed to publish to SNS (it retries; see the DLQ alarm)',
        ...atLeastOne(publishFailures.metric(sum)),
      },
      TableReadThrottleAlarm: { description: 'DynamoDB throttled reads', ...atLeastOne(throttleEvents('ReadThrottleEvents')) },
      TableWriteThrottleAlarm: { description: 'DynamoDB throttled writes', ...atLeastOne(throttleEvents('WriteThrottleEvents')) },
      TableSystemErrorsAlarm: {
        description: 'DynamoDB answered with 500 (system errors)',
        ...atLeastOne(sumOf('SystemErrors', tableOperations.map((operation) => tableMetric('SystemErrors', { Operation: operation })))),
      },
    };
    const alarmAction = new SnsAction(alarmTopic);
    const raise = (alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(alarmAction);
      alarm.addOkAction(alarmAction);
    };
    for (const [alarmId, { description, metric, threshold }] of Object.entries(alarms)) {
      raise(
        new cloudwatch.Alarm(this, alarmId, {
          alarmDescription: description,
          metric,
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    // A message in either dead-letter queue is work that did not happen: events not published, sweeps not run.
    const dlqDepthAlarm = (alarmId: string, description: string, queue: sqs.Queue) =>
      raise(
        new cloudwatch.Alarm(this, alarmId, {
          alarmDescription: description,
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM }),
          threshold: 0,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    dlqDepthAlarm('EventsDlqDepthAlarm', 'Stream records that the events function could not publish', eventsDlq);
    dlqDepthAlarm('SweepDlqDepthAlarm', 'Hourly sweeps that failed after their retries (proposals, offers and deadlines not processed)', sweepDlq);
    if (alarmDeliveryDlq) {
      dlqDepthAlarm('AlarmDeliveryDlqDepthAlarm', 'Alarms SNS could not deliver to a subscribed e-mail address', alarmDeliveryDlq);
      raise(
        new cloudwatch.Alarm(this, 'AlarmDeliveryFailuresAlarm', {
          alarmDescription: 'Alarms SNS could not deliver to a subscriber (e-mail or SMS)',
          metric: alarmTopic.metricNumberOfNotificationsFailed(sum),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    // ---- Outputs ----------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: apiStage.url });
    new CfnOutput(this, 'AppUrl', { value: apiStage.url, description: 'The browser app (same origin as the API)' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'PhotosBucketName', { value: photosBucket.bucketName });
    new CfnOutput(this, 'TopicArn', { value: this.eventsTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
    if (userPool && userPoolClient) {
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    }
  }
}
