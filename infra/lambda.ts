import { execFileSync, execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { tableDefinition } from '../shared/store/table.js';
import { FUNCTION_NODE_OPTIONS, FUNCTION_NODE_TARGET } from './bundle.js';

/** The repository root: entry points and the lock file are resolved from here, not from the cwd. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Lambda's Node.js runtime, the one the bundle targets (`FUNCTION_NODE_TARGET`). */
export const functionRuntime = lambda.Runtime.NODEJS_24_X;
if (functionRuntime.name !== `nodejs${FUNCTION_NODE_TARGET.replace(/^node/, '')}.x`) {
  throw new Error(`The Lambda runtime ${functionRuntime.name} and the bundle target ${FUNCTION_NODE_TARGET} must name the same Node.js`);
}

/**
 * How a function is invoked, which decides where a failed invocation goes: a synchronous caller gets
 * the error itself, a stream mapping sends a batch it gave up on to its own on-failure queue, and an
 * asynchronous invocation (a schedule) needs Lambda's retries and an on-failure destination.
 */
export type Invocation =
  | { readonly by: 'api-gateway' }
  | { readonly by: 'stream' }
  | { readonly by: 'schedule'; readonly onFailure: sqs.IQueue; readonly retryAttempts: number; readonly maxEventAge: Duration };

/** Why a function has no dead-letter queue of its own (cdk-nag Serverless-LambdaDLQ). */
const noDeadLetterQueueBecause = {
  schedule:
    'Invoked asynchronously by EventBridge: a run that still fails after Lambda\'s retries goes to the on-failure destination (the sweep DLQ), the successor of the function dead-letter queue that also records the error; one queue gets each failure once.',
  'api-gateway':
    'Invoked synchronously by API Gateway: the caller receives the error and retries (writes are idempotent); a function dead-letter queue only receives asynchronous invocations.',
  stream:
    'Invoked by a DynamoDB stream event source mapping, which retries, bisects and then sends the batch it gave up on to its own on-failure queue (the events DLQ); a function dead-letter queue only receives asynchronous invocations.',
} as const;

const dataKeyFamilyAcknowledged = new WeakSet<iam.IRole>();

/**
 * The reason for `kms:GenerateDataKey*` (cdk-nag AwsSolutions-IAM5): the wildcard names only the
 * GenerateDataKey family on the stack's one key, which is how the grants for SNS, SQS and S3 encryption
 * (CDK's `grantPublish` among them) write it.
 */
function acknowledgeDataKeyFamily(fn: lambda.IFunction): void {
  // Several grants of one role call this; one acknowledgement each.
  if (!fn.role || dataKeyFamilyAcknowledged.has(fn.role)) return;
  dataKeyFamilyAcknowledged.add(fn.role);
  Validations.of(fn.role).acknowledge({
    id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    reason:
      'The wildcard covers only the GenerateDataKey variants (with or without plaintext) that SSE for the table, topic, queues and bucket call, on the stack key alone; CDK\'s own grants for encrypted SNS topics write it the same way.',
  });
}

export interface OutreachFunctionProps {
  /** Entry point relative to the repository root, e.g. `functions/api.ts`. */
  readonly entry: string;
  /** Exported handler name. */
  readonly handler?: string;
  readonly stage: string;
  /** Service name for structured logs (POWERTOOLS_SERVICE_NAME). */
  readonly serviceName: string;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  readonly description?: string;
  /** How long the function's logs are kept. Default six months, the legal minimum (网络安全法 art. 21). */
  readonly logRetention?: logs.RetentionDays;
  /** Reserved concurrency: a ceiling on cost and on the load the function puts on the table. Default none. */
  readonly reservedConcurrentExecutions?: number;
  readonly invocation: Invocation;
  /** X-Ray active tracing, or why the function goes untraced. */
  readonly tracing: { readonly active: true } | { readonly active: false; readonly because: string };
  /**
   * Bundle the entry with esbuild (default). `false` puts a stub inline handler in its place so that
   * assertion tests synthesize without bundling; a deployable stack always bundles.
   */
  readonly bundle?: boolean;
  /**
   * Shell commands run after bundling, given the repository root and the bundle's output directory
   * (e.g. building the browser app into the same asset).
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * A Lambda function with the project's defaults: Node.js 24 on arm64, ESM bundle via local esbuild,
 * an explicit log group, and a role of its own that may write to that log group and nowhere else
 * (no AWSLambdaBasicExecutionRole, which allows every log group of the account).
 */
export class OutreachFunction extends Construct {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OutreachFunctionProps) {
    super(scope, id);

    // Logs carry no personal data and expire by retention, so they go with the stack.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The log group exists before the function, so the role needs no logs:CreateLogGroup.
    const role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })],
        }),
      },
    });
    const invocation = props.invocation;
    const asynchronous = invocation.by === 'schedule' ? invocation : undefined;

    const common = {
      runtime: functionRuntime,
      role,
      tracing: props.tracing.active ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      ...(asynchronous
        ? { onFailure: new OnFailureQueue(asynchronous.onFailure), retryAttempts: asynchronous.retryAttempts, maxEventAge: asynchronous.maxEventAge }
        : {}),
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      description: props.description,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        ...(FUNCTION_NODE_OPTIONS ? { NODE_OPTIONS: FUNCTION_NODE_OPTIONS } : {}),
        STAGE: props.stage,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
    } satisfies Partial<lambda.FunctionProps>;

    const handler = props.handler ?? 'handler';
    this.fn = new lambda.Function(this, 'Function', {
      ...common,
      handler: `index.${handler}`,
      code:
        props.bundle === false
          ? lambda.Code.fromInline(`export const ${handler} = async () => ({ statusCode: 503 });`)
          : bundledCode(props),
    });

    Validations.of(this.fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: noDeadLetterQueueBecause[invocation.by] });
    if (props.tracing.active) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Only xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions: X-Ray write actions are granted on "*" or not at all.',
      });
    } else {
      Validations.of(this.fn).acknowledge({ id: 'Serverless-LambdaTracing', reason: props.tracing.because });
    }
  }
}

/**
 * The function's code, bundled by infra/bundle.ts (the same code `npm run bench` measures) on this
 * machine: esbuild from the devDependencies, never Docker (the image is only the fallback CDK requires).
 */
function bundledCode(props: OutreachFunctionProps): lambda.Code {
  return lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      // CDK caches a bundle by the source path and these options (not by what tryBundle does):
      // the entry and the extra steps must be among them, or every function gets the first bundle.
      command: [props.entry, ...(props.afterBundling ? ['with-extra-steps'] : [])],
      local: {
        tryBundle(outputDir: string) {
          execFileSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'infra/bundle.ts'), props.entry, outputDir], {
            cwd: projectRoot,
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          // Extra steps into the same asset (the browser app's build beside the web function).
          for (const command of props.afterBundling?.(projectRoot, outputDir) ?? []) {
            execSync(command, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
          }
          return true;
        },
      },
    },
  });
}

/**
 * The item actions the API calls, and no more: no Scan (no request path scans the table), no stream
 * reads, no DescribeTable. TransactWriteItems has no action of its own: each Put, Update, Delete and
 * ConditionCheck inside it is authorized as PutItem, UpdateItem, DeleteItem and ConditionCheckItem.
 */
export const tableItemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The caller's use of the table's customer-managed key that item reads and writes need (no ReEncrypt, no CreateGrant). */
const tableKeyActions = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*'] as const;

/**
 * The events function: counts each new encounter into its sleeping-spot cell (two updates in one
 * transaction), and fans a list's audit view out to its subjects' trails (batched puts).
 */
export const eventsItemActions = ['dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'] as const;

/** The matching function: reads records and candidates, rewrites blocking entries and candidate pairs in batches. */
export const matchingItemActions = ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'] as const;

/**
 * The item actions of the hourly sweep: index queries and strong reads, and the transactions that
 * mark stages, store proposals and events, and pass on or free held beds (Put, Update, Delete,
 * ConditionCheck); campaign visit lists in batches. No Scan.
 */
export const sweepItemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  // Campaign visit lists are stored in chunks, 25 to a request.
  'dynamodb:BatchWriteItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * Grants item actions (default: the API's) on the table and each of its indexes by name (and use of
 * its key) and sets TABLE_NAME.
 */
export function useTable(fn: lambda.Function, table: dynamodb.ITableV2 | dynamodb.ITable, actions: readonly string[] = tableItemActions): void {
  const indexes = tableDefinition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions], resources: [table.tableArn, ...indexes] }));
  table.encryptionKey?.grant(fn, ...tableKeyActions);
  acknowledgeDataKeyFamily(fn);
  fn.addEnvironment('TABLE_NAME', table.tableName);
}

/**
 * Grants `actions` on the bucket's objects (by default get, put and delete) and nothing else (no
 * listing, no ACLs, no bucket settings), the use of its key that SSE-KMS needs when the function
 * reads or writes files (a presigned PUT is signed with the function's role, so the role encrypts;
 * a delete needs no key), and sets the env var naming the bucket.
 */
export function useBucket(
  fn: lambda.Function,
  bucket: s3.IBucket,
  envName: string,
  actions: readonly ('s3:GetObject' | 's3:PutObject' | 's3:DeleteObject')[] = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions], resources: [bucket.arnForObjects('*')] }));
  if (actions.some((action) => action !== 's3:DeleteObject')) {
    // GenerateDataKey* as the table's grant says it, so that a shared key's statements merge into one.
    bucket.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:GenerateDataKey*');
    acknowledgeDataKeyFamily(fn);
  }
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement);
  Validations.of(fn.role!).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
    reason: `Objects of this one bucket, named at run time by the photo and upload ids; ${actions.map((action) => action.slice(3)).join(', ')} only (no listing, no bucket settings).`,
  });
  fn.addEnvironment(envName, bucket.bucketName);
}

/** Grants publish on the topic (and its key) and sets TOPIC_ARN. */
export function useTopic(fn: lambda.Function, topic: sns.ITopic): void {
  topic.grantPublish(fn);
  acknowledgeDataKeyFamily(fn);
  fn.addEnvironment('TOPIC_ARN', topic.topicArn);
}

/** Grants read on the secret (and its key) and sets the env var holding its ARN. */
export function useSecret(fn: lambda.Function, secret: secretsmanager.ISecret, envName: string): void {
  secret.grantRead(fn);
  fn.addEnvironment(envName, secret.secretArn);
}

/**
 * Where a stream event source parks the batches it gave up on, or an asynchronous invocation the
 * event it gave up on. Like `SqsDlq` and `SqsDestination`, but granting only what Lambda uses to send
 * there with the function's role: `sqs:SendMessage`, and the queue's key to encrypt the message
 * (they add GetQueueAttributes, GetQueueUrl and kms:Encrypt/ReEncrypt*).
 */
export class OnFailureQueue implements lambda.IEventSourceDlq, lambda.IDestination {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_scope: unknown, fn: lambda.IFunction): lambda.DlqDestinationConfig & lambda.DestinationConfig {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    this.queue.encryptionMasterKey?.grant(fn, 'kms:Decrypt', 'kms:GenerateDataKey*');
    acknowledgeDataKeyFamily(fn);
    return { destination: this.queue.queueArn };
  }
}
