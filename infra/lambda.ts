import { execFileSync, execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_NODE_OPTIONS } from './bundle.js';

/** The repository root: entry points and the lock file are resolved from here, not from the cwd. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/** A Lambda function with the project's defaults: Node.js 22 on arm64, ESM bundle via local esbuild, explicit log group. */
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

    const common = {
      runtime: lambda.Runtime.NODEJS_22_X,
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
    if (props.bundle === false) {
      this.fn = new lambda.Function(this, 'Function', {
        ...common,
        handler: `index.${handler}`,
        code: lambda.Code.fromInline(`export const ${handler} = async () => ({ statusCode: 503 });`),
      });
      return;
    }

    // Bundled by infra/bundle.ts (the same code `npm run bench` measures), on this machine: esbuild
    // from the devDependencies, never Docker (the image below is only the fallback CDK requires).
    this.fn = new lambda.Function(this, 'Function', {
      ...common,
      handler: `index.${handler}`,
      code: lambda.Code.fromAsset(projectRoot, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
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
      }),
    });
  }
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
 * The item actions of the hourly sweep: index queries and strong reads, and the transactions that
 * mark stages, store proposals and events, and pass on or free held beds (Put, Update, Delete,
 * ConditionCheck). No Scan, no BatchWriteItem.
 */
/** The events function: counts each new encounter into its sleeping-spot cell (two updates in one transaction). */
export const eventsItemActions = ['dynamodb:UpdateItem'] as const;

/** The matching function: reads records and candidates, rewrites blocking entries and candidate pairs in batches. */
export const matchingItemActions = ['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'] as const;

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

/** Grants item actions (default: the API's) on the table and its indexes (and use of its key) and sets TABLE_NAME. */
export function useTable(fn: lambda.Function, table: dynamodb.ITableV2 | dynamodb.ITable, actions: readonly string[] = tableItemActions): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: [...actions], resources: [table.tableArn, `${table.tableArn}/index/*`] }),
  );
  table.encryptionKey?.grant(fn, ...tableKeyActions);
  fn.addEnvironment('TABLE_NAME', table.tableName);
}

/**
 * Grants get, put and delete of the bucket's objects and nothing else (no listing, no ACLs, no bucket
 * settings), the use of its key that SSE-KMS needs (a presigned PUT is signed with the function's
 * role, so the role encrypts), and sets the env var naming the bucket.
 */
export function useBucket(fn: lambda.Function, bucket: s3.IBucket, envName: string): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [bucket.arnForObjects('*')] }));
  // GenerateDataKey* as the table's grant says it, so that a shared key's statements merge into one.
  bucket.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:GenerateDataKey*');
  fn.addEnvironment(envName, bucket.bucketName);
}

/** Grants publish on the topic (and its key) and sets TOPIC_ARN. */
export function useTopic(fn: lambda.Function, topic: sns.ITopic): void {
  topic.grantPublish(fn);
  fn.addEnvironment('TOPIC_ARN', topic.topicArn);
}

/** Grants read on the secret (and its key) and sets the env var holding its ARN. */
export function useSecret(fn: lambda.Function, secret: secretsmanager.ISecret, envName: string): void {
  secret.grantRead(fn);
  fn.addEnvironment(envName, secret.secretArn);
}

/**
 * Where a stream event source parks the batches it gave up on. Like `SqsDlq`, but granting only what
 * Lambda uses to send there: `sqs:SendMessage`, and the queue's key to encrypt the message
 * (`SqsDlq` adds GetQueueAttributes, GetQueueUrl and kms:Encrypt/ReEncrypt*).
 */
export class OnFailureQueue implements lambda.IEventSourceDlq {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    this.queue.encryptionMasterKey?.grant(targetHandler, 'kms:Decrypt', 'kms:GenerateDataKey*');
    return { destination: this.queue.queueArn };
  }
}
