import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../shared/store/table.js';
import { OutreachFunction, useSecret, useTable, useTopic } from './lambda.js';

/** Cognito groups; a user's groups are their roles (`cognito:groups`). */
export const roleGroups = ['patrol', 'shelter', 'tracer', 'admin'] as const;

export interface OutreachStackProps extends StackProps {
  readonly stage: string;
  /** An external OIDC issuer (required where Cognito user pools are not offered, e.g. AWS China). */
  readonly oidc?: { issuer: string; audience: string[]; jwksUrl?: string; rolesClaim?: string };
  /** OAuth callback URLs of the web client (Cognito only). */
  readonly callbackUrls?: string[];
  /** `false` skips esbuild bundling (stub handlers); only for assertion tests. Default true. */
  readonly bundle?: boolean;
}

export class OutreachStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: HttpApi;
  readonly eventsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: OutreachStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const bundle = props.bundle ?? true;

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
        projectionType: dynamodb.ProjectionType.ALL,
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

    // ---- Identity ---------------------------------------------------------------------------
    let issuer: string;
    let audience: string[];
    let userPool: cognito.UserPool | undefined;
    let userPoolClient: cognito.UserPoolClient | undefined;
    if (props.oidc) {
      issuer = props.oidc.issuer;
      audience = props.oidc.audience;
    } else {
      userPool = new cognito.UserPool(this, 'Users', {
        selfSignUpEnabled: false,
        signInAliases: { username: true, email: true },
        mfa: cognito.Mfa.OPTIONAL,
        mfaSecondFactor: { otp: true, sms: false },
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

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `outreach-${stage}`,
      createDefaultStage: false,
    });
    const apiStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 200, rateLimit: 100 },
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
    for (const publicPath of ['/health', '/openapi.json', '/docs']) {
      this.api.addRoutes({ path: publicPath, methods: [HttpMethod.GET], integration });
    }
    this.api.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });

    // ---- Events -----------------------------------------------------------------------------
    this.eventsTopic = new sns.Topic(this, 'Events', {
      displayName: `Outreach ${stage} events`,
      masterKey: key,
      enforceSSL: true,
    });
    const eventsDlq = new sqs.Queue(this, 'EventsDlq', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    const eventsFunction = new OutreachFunction(this, 'EventsPublisher', {
      entry: 'functions/events.ts',
      stage,
      serviceName: 'outreach-events',
      timeout: Duration.seconds(60),
      bundle,
      description: `Outreach ${stage}: table stream to SNS`,
    });
    useTopic(eventsFunction.fn, this.eventsTopic);
    eventsFunction.fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        bisectBatchOnError: true,
        // The handler names the record that failed; Lambda resends from it, not the whole batch.
        reportBatchItemFailures: true,
        retryAttempts: 3,
        onFailure: new SqsDlq(eventsDlq),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('event') } } },
          }),
        ],
      }),
    );

    // ---- Alarms -----------------------------------------------------------------------------
    const alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: `Outreach ${stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // CloudWatch publishes to the encrypted alarm topic, so it needs the key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const alarmAction = new SnsAction(alarmTopic);
    const fiveMinutes = Duration.minutes(5);
    const lambdaErrorsAlarm = (alarmId: string, fn: lambda.Function) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `Lambda errors: ${fn.node.path}`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const alarms: cloudwatch.Alarm[] = [
      new cloudwatch.Alarm(this, 'Api5xxAlarm', {
        alarmDescription: 'HTTP API answered with 5xx',
        metric: this.api.metricServerError({ period: fiveMinutes, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      lambdaErrorsAlarm('ApiErrorsAlarm', apiFunction.fn),
      lambdaErrorsAlarm('EventsErrorsAlarm', eventsFunction.fn),
      new cloudwatch.Alarm(this, 'EventsDlqDepthAlarm', {
        alarmDescription: 'Stream records that the events function could not publish',
        metric: eventsDlq.metricApproximateNumberOfMessagesVisible({
          period: fiveMinutes,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(alarmAction);

    // ---- Outputs ----------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: apiStage.url });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'TopicArn', { value: this.eventsTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
    if (userPool && userPoolClient) {
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    }
  }
}
