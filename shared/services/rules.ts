import { createWorkingDayCalendar, type WorkingDayCalendar, type YearArrangement } from '../domain/calendar.js';
import { DomainError, notFound, validationError } from '../domain/errors.js';
import { editableRules, findRule } from '../domain/rule-registry.js';
import { campaignRules, outreachRules, weatherThresholds, type OutreachRules } from '../domain/rules.js';
import shippedArrangements from '../rules/working-day-arrangements.json' with { type: 'json' };
import { auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { readConsistently } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { put, transactWrite, TransactionCancelled, type TransactItem } from '../store/transact.js';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CampaignRuleBook } from './campaigns.js';

/** Largest value a rule may hold (a year's holiday arrangement is about 2 KB). */
export const RULE_MAX_BYTES = 64 * 1024;

/** A rule's value in force: the default (version 0) or the last stored version, with who changed it and when. */
export type RuleState = { name: string; value: unknown; version: number; source: string; updatedAt?: string; updatedBy?: string; isDefault: boolean };

/** Every value the API reads from editable rules. */
export type RuleBook = CampaignRuleBook & { calendar: WorkingDayCalendar; states: RuleState[] };

/** Reads the stored versions of every registered rule: one BatchGetItem. */
export async function readRuleStates(db: Db): Promise<RuleState[]> {
  const found = await readConsistently(db, editableRules.map((rule) => keys.rule(rule.name)));
  return editableRules.map((rule) => {
    const item = found.get(keys.rule(rule.name).pk);
    return item
      ? { name: rule.name, value: item['value'], version: Number(item['version']), source: rule.source, updatedAt: String(item['updatedAt']), updatedBy: String(item['updatedBy']), isDefault: false }
      : { name: rule.name, value: rule.defaultValue, version: 0, source: rule.source, isDefault: true };
  });
}

/** The shipped years, validated with the rest by createWorkingDayCalendar in ruleBookOf. */
const shipped: YearArrangement[] = shippedArrangements;

/** The rule values in force, from the states read. */
export function ruleBookOf(states: RuleState[]): RuleBook {
  const value = <T>(name: string, fallback: T) => (states.find((state) => state.name === name)?.value as T | undefined) ?? fallback;
  const followUps = value('followUps', { refusalFollowUpDays: outreachRules.refusalFollowUpDays, resurveyMonths: outreachRules.resurveyMonths, visitMonths: [...outreachRules.visitMonths] });
  const tracingClock = value('tracing.caseClock', outreachRules.tracingClock);
  const loaded = value<YearArrangement[]>('calendar.arrangements', []);
  const years = new Map([...shipped, ...loaded].map((arrangement) => [arrangement.year, arrangement]));
  return {
    outreach: { ...outreachRules, ...followUps, tracingClock } as unknown as OutreachRules,
    campaign: value('campaign', campaignRules),
    thresholds: { national: value('weather.national', weatherThresholds.national), chongqing: value('weather.chongqing', weatherThresholds.chongqing) },
    calendar: createWorkingDayCalendar([...years.values()]),
    states,
  };
}

/** The rules in force with a short cache (`ttlMs`): a change made through the API takes effect within it everywhere, at once here. */
export function ruleBookSource(db: Db, ttlMs = 30_000, now: () => number = Date.now) {
  let cached: { at: number; book: Promise<RuleBook> } | undefined;
  return {
    current(): Promise<RuleBook> {
      if (!cached || now() - cached.at >= ttlMs) {
        const book = readRuleStates(db).then(ruleBookOf);
        cached = { at: now(), book };
        book.catch(() => (cached = undefined));
      }
      return cached.book;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
export type RuleBookSource = ReturnType<typeof ruleBookSource>;

export type RuleContext = { db: Db; audit: AuditContext; ruleBook?: RuleBookSource };

/** One rule in force, or 404. */
export async function readRule(context: RuleContext, name: string): Promise<RuleState> {
  if (!findRule(name)) throw notFound('The rule');
  const states = await readRuleStates(context.db);
  return states.find((state) => state.name === name) as RuleState;
}

/** A rule's stored versions, newest first (every change kept). */
export async function ruleHistory(context: RuleContext, name: string) {
  if (!findRule(name)) throw notFound('The rule');
  const result = await context.db.doc.send(
    new QueryCommand({
      TableName: context.db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': keys.rule(name).pk, ':v': 'V#' },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return (result.Items ?? []).map((item) => ({ version: Number(item['version']), updatedAt: String(item['updatedAt']), updatedBy: String(item['updatedBy']) }));
}

/**
 * Replaces a rule's value if it is still at `expectedVersion` (If-Match; the default is version 0):
 * validated by the rule's schema, kept as a new version beside the current one, audited, in one
 * transaction. This process's cache is dropped, so the change applies to the next request here.
 */
export async function changeRule(context: RuleContext, name: string, value: unknown, expectedVersion: number): Promise<RuleState> {
  const rule = findRule(name);
  if (!rule) throw notFound('The rule');
  const parsed = rule.schema.safeParse(value);
  if (!parsed.success) {
    throw validationError(parsed.error.issues.map((issue) => ({ path: ['body', 'value', ...issue.path.map(String)].join('.'), message: issue.message })), `The value is not valid for ${name}.`);
  }
  // A rule is one item with one history item beside it: well under DynamoDB's 400 KB an item.
  if (Buffer.byteLength(JSON.stringify(parsed.data), 'utf8') > RULE_MAX_BYTES) {
    throw validationError([{ path: 'body.value', message: `A rule's value has at most ${RULE_MAX_BYTES} bytes as JSON.` }]);
  }
  const { db, audit } = context;
  const version = expectedVersion + 1;
  const at = audit.now.toISOString();
  const record = { name, value: parsed.data, version, updatedAt: at, updatedBy: audit.actor.sub };
  const current: TransactItem = {
    guard: 'ruleVersion',
    Put: {
      TableName: db.tableName,
      Item: { ...keys.rule(name), type: 'rule', ...record },
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
      ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
    },
  };
  try {
    await transactWrite(db, [current, put(db, { ...keys.ruleVersion(name, version), type: 'ruleVersion', ...record }), auditPut(db, audit, { action: 'rule.change', subjectType: 'rule', subjectId: name, reason: `version ${version}` })]);
  } catch (error) {
    if (error instanceof TransactionCancelled) throw new DomainError('precondition_failed', 'The rule was changed by someone else; reload it and try again.');
    throw error;
  }
  context.ruleBook?.invalidate();
  return { name, value: parsed.data, version, source: rule.source, updatedAt: at, updatedBy: audit.actor.sub, isDefault: false };
}
