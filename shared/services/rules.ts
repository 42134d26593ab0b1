import { createWorkingDayCalendar, type WorkingDayCalendar, type YearArrangement } from '../domain/calendar.js';
import type { Actor } from '../domain/access.js';
import { DomainError, notFound, validationError } from '../domain/errors.js';
import { editableRules, findRule, layerAllowed, ruleLayerFor, type EditableRule, type RuleScope } from '../domain/rule-registry.js';
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

/** Where the value in force comes from: the default of rules.ts, the national value, or the district's override. */
export type RuleOrigin = 'default' | 'national' | 'district';

/** One stored layer of a rule: its value and version, who changed it and when. */
type StoredLayer = { value: unknown; version: number; updatedAt: string; updatedBy: string };

/**
 * A rule's value in force for a district (or nationally): the district's override, else the
 * national value, else the default (version 0); `version`, `updatedAt` and `updatedBy` are those of
 * the layer in force.
 */
export type RuleState = {
  name: string;
  value: unknown;
  version: number;
  source: string;
  bounds: string;
  scope: RuleScope;
  origin: RuleOrigin;
  district?: string;
  updatedAt?: string;
  updatedBy?: string;
  isDefault: boolean;
};

/** Every value the API reads from editable rules. */
export type RuleBook = CampaignRuleBook & { calendar: WorkingDayCalendar; states: RuleStateInput[] };

/** What the rule book reads of a state. */
export type RuleStateInput = Pick<RuleState, 'name' | 'value' | 'version' | 'isDefault'> & Partial<RuleState>;

const layerOf = (item: Record<string, unknown> | undefined): StoredLayer | undefined =>
  item ? { value: item['value'], version: Number(item['version']), updatedAt: String(item['updatedAt']), updatedBy: String(item['updatedBy']) } : undefined;

/** The stored layers of every registered rule, national and (for rules with a district layer) the district's: one BatchGetItem. */
async function readLayers(db: Db, district?: string): Promise<Map<string, { national?: StoredLayer; district?: StoredLayer }>> {
  const overridable = district ? editableRules.filter((rule) => rule.scope === 'district') : [];
  const found = await readConsistently(db, [...editableRules.map((rule) => keys.rule(rule.name)), ...overridable.map((rule) => keys.rule(rule.name, district))]);
  return new Map(
    editableRules.map((rule) => {
      const national = layerOf(found.get(keys.rule(rule.name).pk));
      const local = district && rule.scope === 'district' ? layerOf(found.get(keys.rule(rule.name, district).pk)) : undefined;
      return [rule.name, { ...(national ? { national } : {}), ...(local ? { district: local } : {}) }];
    }),
  );
}

/** The rule in force from its layers: the district's override, else the national value, else the default. */
function stateOf(rule: EditableRule, layers: { national?: StoredLayer; district?: StoredLayer } = {}, district?: string): RuleState {
  const base = { name: rule.name, source: rule.source, bounds: rule.bounds, scope: rule.scope };
  const layer = layers.district ?? layers.national;
  if (!layer) return { ...base, value: rule.defaultValue, version: 0, origin: 'default', isDefault: true };
  return { ...base, ...layer, origin: layers.district ? 'district' : 'national', ...(layers.district && district ? { district } : {}), isDefault: false };
}

/** Reads the rules in force for a district (its overrides, then the national values, then the defaults), or nationally without one. */
export async function readRuleStates(db: Db, district?: string): Promise<RuleState[]> {
  const layers = await readLayers(db, district);
  return (editableRules as readonly EditableRule[]).map((rule) => stateOf(rule, layers.get(rule.name), district));
}

/** The shipped years, validated with the rest by createWorkingDayCalendar in ruleBookOf. */
const shipped: YearArrangement[] = shippedArrangements;

/**
 * The version of the rules a decision is made on: the shipped version, then each rule not at its
 * default with the layer and version in force (`care.stayLimit@d2`: the district's second version).
 */
export function rulesVersionOf(states: RuleStateInput[]): string {
  const changed = states.filter((state) => !state.isDefault).map((state) => `${state.name}@${state.origin === 'district' ? 'd' : 'n'}${state.version}`);
  return [outreachRules.version, ...changed].join(' ');
}

/** The rule values in force, from the states read. */
export function ruleBookOf(states: RuleStateInput[]): RuleBook {
  const value = <T>(name: string, fallback: T) => (states.find((state) => state.name === name)?.value as T | undefined) ?? fallback;
  const followUps = value('followUps', { refusalFollowUpDays: outreachRules.refusalFollowUpDays, resurveyMonths: outreachRules.resurveyMonths, visitMonths: [...outreachRules.visitMonths] });
  // Rules that replace one value of outreachRules (the stay limit, routing, stages, matching …).
  const replaced = Object.fromEntries(
    (editableRules as readonly EditableRule[]).flatMap((rule) => {
      const state = states.find((entry) => entry.name === rule.name);
      return rule.outreachKey && state && !state.isDefault ? [[rule.outreachKey, state.value]] : [];
    }),
  );
  const loaded = value<YearArrangement[]>('calendar.arrangements', []);
  const years = new Map([...shipped, ...loaded].map((arrangement) => [arrangement.year, arrangement]));
  return {
    outreach: { ...outreachRules, ...followUps, ...replaced, version: rulesVersionOf(states) } as unknown as OutreachRules,
    campaign: value('campaign', campaignRules),
    thresholds: { national: value('weather.national', weatherThresholds.national), chongqing: value('weather.chongqing', weatherThresholds.chongqing) },
    calendar: createWorkingDayCalendar([...years.values()]),
    states,
  };
}

/**
 * The rules in force with a short cache (`ttlMs`), one entry per district asked for (and one for
 * the national values): a change made through the API takes effect within it everywhere, at once here.
 */
export function ruleBookSource(db: Db, ttlMs = 30_000, now: () => number = Date.now) {
  const cached = new Map<string, { at: number; book: Promise<RuleBook> }>();
  // A process serves a few districts; the bound keeps a national fan-out (the sweep) from holding every book.
  const maxEntries = 500;
  return {
    /** The rules in force in a district (its overrides first), or the national ones without one. */
    current(district?: string): Promise<RuleBook> {
      const key = district ?? '';
      const entry = cached.get(key);
      if (entry && now() - entry.at < ttlMs) return entry.book;
      const book = readRuleStates(db, district).then(ruleBookOf);
      if (!entry && cached.size >= maxEntries) cached.delete(cached.keys().next().value as string);
      cached.set(key, { at: now(), book });
      book.catch(() => cached.delete(key));
      return book;
    },
    invalidate() {
      cached.clear();
    },
  };
}
export type RuleBookSource = ReturnType<typeof ruleBookSource>;

export type RuleContext = { db: Db; audit: AuditContext; ruleBook?: RuleBookSource };

/** A rule and the layer the caller changes: `district` for a district office's override, none for the national value. */
export type RuleLayer = { district?: string };

/** The district whose rules a caller reads: an office its own; the system role (and an office without a district) the national ones. */
const readingDistrict = (actor: Actor) => (actor.roles.includes('admin') ? actor.district : undefined);

/** A rule in force for a caller, with the layer the caller's PUT writes and its version (the ETag). */
export type CallerRuleState = RuleState & { layer: RuleLayer & { version: number } };

/** The rules in force for the caller (an office: its district's), each with the version of the layer the caller changes. */
export async function rulesForCaller(context: RuleContext): Promise<CallerRuleState[]> {
  const { actor } = context.audit;
  const district = readingDistrict(actor);
  const layers = await readLayers(context.db, district);
  return (editableRules as readonly EditableRule[]).map((rule) => {
    const stored = layers.get(rule.name) ?? {};
    // The layer the caller's PUT would write: none for an office on a national rule (its PUT is refused).
    const own: RuleLayer | undefined = layerAllowed(actor, rule) ? ruleLayerFor(actor, rule) : undefined;
    const version = own ? ((own.district ? stored.district : stored.national)?.version ?? 0) : 0;
    return { ...stateOf(rule, stored, district), layer: { ...own, version } };
  });
}

/** One rule in force for the caller (see rulesForCaller), or 404. */
export async function readRule(context: RuleContext, name: string): Promise<CallerRuleState> {
  if (!findRule(name)) throw notFound('The rule');
  return (await rulesForCaller(context)).find((state) => state.name === name) as CallerRuleState;
}

/** A rule's stored versions in one layer, newest first (every change kept). */
export async function ruleHistory(context: RuleContext, name: string, layer: RuleLayer = {}) {
  if (!findRule(name)) throw notFound('The rule');
  const result = await context.db.doc.send(
    new QueryCommand({
      TableName: context.db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': keys.rule(name, layer.district).pk, ':v': 'V#' },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  return (result.Items ?? []).map((item) => ({ version: Number(item['version']), updatedAt: String(item['updatedAt']), updatedBy: String(item['updatedBy']) }));
}

/**
 * Replaces the value of the caller's layer of a rule (the national value for the system role, the
 * district's override for its office) if it is still at `expectedVersion` (If-Match; a layer never
 * written is version 0): validated by the rule's schema and bounds, kept as a new version beside the
 * current one, audited, in one transaction. This process's cache is dropped, so the change applies
 * to the next request here.
 */
export async function changeRule(context: RuleContext, name: string, value: unknown, expectedVersion: number): Promise<CallerRuleState> {
  const rule = findRule(name);
  if (!rule) throw notFound('The rule');
  const layer = ruleLayerFor(context.audit.actor, rule);
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
  const record = { name, ...(layer.district ? { district: layer.district } : {}), value: parsed.data, version, updatedAt: at, updatedBy: audit.actor.sub };
  const current: TransactItem = {
    guard: 'ruleVersion',
    Put: {
      TableName: db.tableName,
      Item: { ...keys.rule(name, layer.district), type: 'rule', ...record },
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
      ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
    },
  };
  const where = layer.district ? `district ${layer.district}` : 'national';
  try {
    await transactWrite(db, [
      current,
      put(db, { ...keys.ruleVersion(name, version, layer.district), type: 'ruleVersion', ...record }),
      auditPut(db, audit, { action: 'rule.change', subjectType: 'rule', subjectId: name, reason: `${where} version ${version}` }),
    ]);
  } catch (error) {
    if (error instanceof TransactionCancelled) throw new DomainError('precondition_failed', 'The rule was changed by someone else; reload it and try again.');
    throw error;
  }
  context.ruleBook?.invalidate();
  return {
    name, value: parsed.data, version, source: rule.source, bounds: rule.bounds, scope: rule.scope, origin: layer.district ? 'district' : 'national',
    ...(layer.district ? { district: layer.district } : {}), updatedAt: at, updatedBy: audit.actor.sub, isDefault: false, layer: { ...layer, version },
  };
}
