import { createHash } from 'node:crypto';
import type { Area } from '../domain/area.js';
import type { OfficialSignal } from '../domain/campaign.js';
import type { WarningMessage } from '../domain/cap.js';
import { ownDistrict } from '../domain/access.js';
import { conflict } from '../domain/errors.js';
import { areasReached, namesUnmatched, type MatchWay } from '../domain/warning-areas.js';
import { higherLevel, type Hazard, type Level } from '../domain/weather.js';
import { allAreas } from '../store/areas.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { canonicalJson, readConsistently } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { transactWrite, TransactionCancelled, type TransactItem } from '../store/transact.js';
import { fromWarningItem, officialSignalPut, officialSignalsOf, warningCreate, warningId, type StoredWarning } from '../store/warnings.js';

export type WarningContext = { db: Db; audit: AuditContext };

/** Signals written per transaction (DynamoDB takes 100 items; the warning and its audit go last). */
const SIGNALS_PER_TRANSACTION = 90;

/** A signal a block sets: an area, a hazard, and how the block reached the area. */
type Target = { area: Area; hazard: Hazard; level: Level; expires?: string; onset?: string; by: MatchWay[] };
/** A block that lifts a signal (解除) in an area it reaches. */
type Lift = { area: Area; hazard: Hazard; by: MatchWay[] };

/**
 * What the blocks of a warning do to the caller's areas: the signals they set (of several blocks
 * for one area and hazard, say one per language, the highest level and the latest expiry: the
 * reading that protects), the signals they lift, and the names that matched no area.
 */
function readBlocks(warning: WarningMessage, hazard: Hazard | null, areas: Area[]) {
  const targets = new Map<string, Target>();
  const lifts = new Map<string, Lift>();
  const unmatched = new Set<string>();
  for (const info of warning.infos) {
    const infoHazard = info.hazard ?? (warning.infos.length === 1 ? hazard : null);
    if (!infoHazard) continue;
    for (const name of namesUnmatched(info, areas)) unmatched.add(name);
    for (const { area, by } of areasReached(info, areas)) {
      const key = `${area.id}#${infoHazard}`;
      if (warning.msgType === 'Cancel' || info.lifted || !info.level) {
        lifts.set(key, { area, hazard: infoHazard, by: [...new Set([...(lifts.get(key)?.by ?? []), ...by])] });
        continue;
      }
      const before = targets.get(key);
      const level = before ? higherLevel(before.level, info.level) : info.level;
      // No expiry on one block is the longest of all (in force until lifted).
      const expires = before && (!before.expires || !info.expires) ? undefined : [before?.expires, info.expires].filter((e): e is string => Boolean(e)).sort().at(-1);
      targets.set(key, { area, hazard: infoHazard, level, ...(expires ? { expires } : {}), ...(info.onset ? { onset: info.onset } : {}), by: [...new Set([...(before?.by ?? []), ...by])] });
    }
  }
  for (const key of targets.keys()) lifts.delete(key);
  return { targets: [...targets.values()], lifts: [...lifts.values()], unmatched: [...unmatched].slice(0, 200) };
}

type SignalWrite = { district: string; signal: OfficialSignal; areaName: string; by: MatchWay[] };

/** The signals a warning writes: its targets at their level; what it lifts, and what the messages it refers to set that it no longer names, cancelled. */
async function signalsOf(context: WarningContext, id: string, warning: WarningMessage, referenced: StoredWarning[], blocks: ReturnType<typeof readBlocks>): Promise<SignalWrite[]> {
  const referencedIds = new Set(referenced.map((stored) => stored.id));
  const kept = new Set(blocks.targets.map((t) => `${t.area.id}#${t.hazard}`));
  const withdrawn = referenced.flatMap((stored) =>
    stored.applied.filter((applied) => applied.status === 'active' && !kept.has(`${applied.areaId}#${applied.hazard}`)).map((applied) => ({ ...applied, lifted: false })),
  );
  const lifted = blocks.lifts.map((lift) => ({ areaId: lift.area.id, areaName: lift.area.name, district: lift.area.district, hazard: lift.hazard, lifted: true, by: lift.by }));
  const districts = [...new Set([...blocks.targets.map((t) => t.area.district), ...withdrawn.map((w) => w.district), ...lifted.map((l) => l.district)])];
  const current = new Map<string, OfficialSignal>();
  for (const district of districts) for (const signal of await officialSignalsOf(context.db, district)) current.set(`${signal.areaId}#${signal.hazard}`, signal);
  const sent = new Date(warning.sent).toISOString();
  const newer = (key: string) => (current.get(key)?.sent ?? '') > sent;
  const out: SignalWrite[] = [];
  for (const target of blocks.targets) {
    if (newer(`${target.area.id}#${target.hazard}`)) continue;
    out.push({
      district: target.area.district,
      areaName: target.area.name,
      by: target.by,
      signal: {
        areaId: target.area.id, hazard: target.hazard, level: target.level, warningId: id, sent, status: 'active',
        ...(target.expires ? { expires: new Date(target.expires).toISOString() } : {}),
        ...(target.onset ? { onset: new Date(target.onset).toISOString() } : {}),
      },
    });
  }
  const done = new Set<string>();
  for (const applied of [...lifted, ...withdrawn]) {
    const key = `${applied.areaId}#${applied.hazard}`;
    // A Cancel of an Alert and its Update names the same area twice: one write.
    if (done.has(key)) continue;
    done.add(key);
    const signal = current.get(key);
    // A lifted block ends the signal in force; a withdrawal only the one the referenced message set. A later warning for the area stands.
    if (!signal || (!applied.lifted && !referencedIds.has(signal.warningId)) || newer(key) || signal.status === 'cancelled') continue;
    out.push({ district: applied.district, areaName: applied.areaName, by: 'by' in applied ? applied.by : [], signal: { ...signal, status: 'cancelled', cancelledAt: sent, sent, warningId: id } });
  }
  return out;
}

/**
 * Receives an official warning (CAP or JSON), once per sender and identifier: the same message
 * again returns the first result (200); another message under the same identifier is a 409.
 * Every block of an actual Alert or Update of a known hazard sets the official signal of each area
 * it reaches (in the caller's district: by division code, shape or name, each listed); a block that
 * says the signal is lifted (解除) ends it, and an Update or Cancel withdraws what the messages it
 * refers to set. Other hazards, tests, exercises, Acks and messages that reach none of our areas
 * are stored and ignored. `afterwards` runs the campaign evaluation
 * for the districts touched, so a warning starts its campaign at once.
 */
export async function receiveWarning(
  context: WarningContext,
  warning: WarningMessage,
  afterwards: (districts: string[]) => Promise<unknown>,
): Promise<{ status: 200 | 201; body: Record<string, unknown> }> {
  const { db, audit } = context;
  // The caller's district only: an office's warning feed starts campaigns where it works, nowhere else.
  // The caller's district only: an office's warning feed starts campaigns where it works, nowhere else (403 for a city's or province's office).
  const district = ownDistrict(audit.actor);
  const id = warningId(district, warning.sender, warning.identifier);
  const fingerprint = createHash('sha256').update(canonicalJson(warning)).digest('hex');
  const referenceIds = warning.references.map((ref) => warningId(district, ref.sender, ref.identifier));
  const read = await readConsistently(db, [keys.warning(id), ...referenceIds.map((ref) => keys.warning(ref))]);
  const existing = fromWarningItem(read.get(keys.warning(id).pk));
  if (existing) {
    if (existing.fingerprint !== fingerprint) throw conflict('A warning with this sender and identifier was received with other content.');
    return { status: 200, body: viewOf(existing) };
  }
  const referenced = referenceIds.map((ref) => fromWarningItem(read.get(keys.warning(ref).pk))).filter((w): w is StoredWarning => Boolean(w));
  const hazard = warning.hazard ?? referenced.find((stored) => stored.warning.hazard)?.warning.hazard ?? null;
  const notAnswered = warning.status !== 'Actual' ? `status ${warning.status}` : warning.msgType === 'Ack' || warning.msgType === 'Error' ? `msgType ${warning.msgType}` : !hazard ? 'not a hazard campaigns answer (高温, 寒潮, 道路结冰)' : undefined;
  const effective: WarningMessage = { ...warning, hazard };
  const blocks = notAnswered ? { targets: [], lifts: [], unmatched: [] } : readBlocks(effective, hazard, await allAreas(db, [district]));
  const signals = notAnswered ? [] : await signalsOf(context, id, effective, referenced, blocks);
  const reachedNone = !notAnswered && blocks.targets.length === 0 && blocks.lifts.length === 0 && referenced.length === 0;
  const ignored = notAnswered ?? (reachedNone ? 'names no area of ours' : undefined);
  const stored: StoredWarning = {
    id,
    receivedAt: audit.now.toISOString(),
    receivedBy: audit.actor.sub,
    warning: storedForm(effective),
    fingerprint,
    applied: signals.map(({ district, signal, areaName, by }) => ({
      areaId: signal.areaId, areaName, district, hazard: signal.hazard, status: signal.status, matchedBy: by, ...(signal.status === 'active' ? { level: signal.level } : {}),
    })),
    unmatchedAreas: blocks.unmatched,
    ...(ignored ? { ignored } : {}),
  };
  const puts: TransactItem[] = signals.map(({ district, signal }) => officialSignalPut(db, district, signal));
  try {
    for (let start = 0; start + SIGNALS_PER_TRANSACTION < puts.length; start += SIGNALS_PER_TRANSACTION) await transactWrite(db, puts.slice(start, start + SIGNALS_PER_TRANSACTION));
    const last = puts.slice(Math.floor(Math.max(0, puts.length - 1) / SIGNALS_PER_TRANSACTION) * SIGNALS_PER_TRANSACTION);
    await transactWrite(db, [...last, warningCreate(db, stored), auditPut(db, audit, { action: 'warning.receive', subjectType: 'warning', subjectId: id, reason: `${warning.msgType} ${warning.event}` })]);
  } catch (error) {
    if (error instanceof TransactionCancelled) {
      if (error.failed('newRecord')) return receiveWarning(context, warning, afterwards);
      throw conflict('A newer warning for the same area arrived meanwhile; send this one again.', { headers: { 'retry-after': '1' } });
    }
    throw error;
  }
  const districts = [...new Set(stored.applied.map((applied) => applied.district))];
  const campaigns = districts.length ? await afterwards(districts) : undefined;
  return { status: 201, body: { ...viewOf(stored), ...(campaigns ? { campaigns } : {}) } };
}

/**
 * A warning as it is kept: a DynamoDB item holds 400 KB and a message may have 1 MiB, so the
 * shapes (already applied, each signal listing how) are kept as counts and long texts cut; the
 * fingerprint is of the whole message, so a resend still reads as the same one.
 */
function storedForm(warning: WarningMessage): WarningMessage {
  return {
    ...warning,
    infos: warning.infos.map((info) => ({
      ...info,
      ...(info.description ? { description: info.description.slice(0, 2000) } : {}),
      areas: info.areas.slice(0, 200),
      geocodes: info.geocodes.slice(0, 200),
      polygons: [],
      circles: info.circles.slice(0, 50),
      ...(info.polygons.length ? { polygonCount: info.polygons.length } : {}),
    })),
    areas: warning.areas.slice(0, 200),
  };
}

/** What the API returns of a stored warning. */
function viewOf(stored: StoredWarning) {
  const { warning } = stored;
  return {
    id: stored.id,
    receivedAt: stored.receivedAt,
    identifier: warning.identifier,
    sender: warning.sender,
    sent: warning.sent,
    msgType: warning.msgType,
    status: warning.status,
    event: warning.event,
    hazard: warning.hazard,
    ...(warning.level ? { level: warning.level } : {}),
    ...(warning.onset ? { onset: warning.onset } : {}),
    ...(warning.expires ? { expires: warning.expires } : {}),
    applied: stored.applied,
    unmatchedAreas: stored.unmatchedAreas,
    ...(stored.ignored ? { ignored: stored.ignored } : {}),
  };
}
