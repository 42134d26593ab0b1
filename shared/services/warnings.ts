import { createHash } from 'node:crypto';
import type { Area } from '../domain/area.js';
import type { OfficialSignal } from '../domain/campaign.js';
import type { WarningMessage } from '../domain/cap.js';
import { conflict } from '../domain/errors.js';
import { ownDistrict } from '../domain/access.js';
import type { Hazard } from '../domain/weather.js';
import { areaIdsNamed } from '../store/areas.js';
import { auditPut, type AuditContext } from '../store/audit.js';
import type { Db } from '../store/client.js';
import { canonicalJson, readConsistently } from '../store/idempotency.js';
import { keys } from '../store/keys.js';
import { transactWrite, TransactionCancelled, type TransactItem } from '../store/transact.js';
import { fromWarningItem, officialSignalPut, officialSignalsOf, warningCreate, warningId, type StoredWarning } from '../store/warnings.js';

export type WarningContext = { db: Db; audit: AuditContext };

/** Signals written per transaction (DynamoDB takes 100 items; the warning and its audit go last). */
const SIGNALS_PER_TRANSACTION = 90;

type Target = { area: Area; hazard: Hazard };

/** The areas a warning names, in the caller's jurisdiction, below its altitude limit (重庆: 海拔400米以下) when it has one. */
async function namedAreas(context: WarningContext, warning: WarningMessage): Promise<{ areas: Area[]; unmatched: string[] }> {
  const names = [...new Set(warning.areas)];
  // The caller's district only: an office's warning feed starts campaigns where it works, nowhere else.
  const district = ownDistrict(context.audit.actor);
  const found = await Promise.all(names.map(async (name) => ({ name, matches: (await areaIdsNamed(context.db, name)).filter((m) => m.district === district) })));
  const ids = found.flatMap((entry) => entry.matches.map((match) => match.areaId));
  const records = ids.length ? await readConsistently(context.db, ids.map((id) => keys.area(id))) : new Map();
  const areas = ids
    .map((id) => records.get(keys.area(id).pk)?.['summary'] as Area | undefined)
    .filter((area): area is Area => Boolean(area))
    .filter((area) => warning.maxAltitudeM === undefined || area.altitudeM === undefined || area.altitudeM <= warning.maxAltitudeM);
  return { areas, unmatched: found.filter((entry) => entry.matches.length === 0).map((entry) => entry.name) };
}

/** The signals a warning sets: its areas at its level; for an Update or Cancel, the areas of what it refers to that it no longer names, cancelled. */
async function signalsOf(
  context: WarningContext,
  id: string,
  warning: WarningMessage,
  referenced: StoredWarning[],
  named: Area[],
): Promise<{ district: string; signal: OfficialSignal; areaName: string }[]> {
  const referencedIds = new Set(referenced.map((stored) => stored.id));
  const targets: Target[] = warning.msgType === 'Cancel' || !warning.hazard ? [] : named.map((area) => ({ area, hazard: warning.hazard as Hazard }));
  const kept = new Set(targets.map((t) => `${t.area.id}#${t.hazard}`));
  const withdrawn = referenced.flatMap((stored) =>
    stored.applied.filter((applied) => applied.status === 'active' && !kept.has(`${applied.areaId}#${applied.hazard}`)),
  );
  const districts = [...new Set([...targets.map((t) => t.area.district), ...withdrawn.map((w) => w.district)])];
  const current = new Map<string, OfficialSignal>();
  for (const district of districts) for (const signal of await officialSignalsOf(context.db, district)) current.set(`${signal.areaId}#${signal.hazard}`, signal);
  const newer = (key: string) => (current.get(key)?.sent ?? '') > new Date(warning.sent).toISOString();
  const sent = new Date(warning.sent).toISOString();
  const out: { district: string; signal: OfficialSignal; areaName: string }[] = [];
  for (const { area, hazard } of targets) {
    if (newer(`${area.id}#${hazard}`) || !warning.level || !warning.expires) continue;
    out.push({
      district: area.district,
      areaName: area.name,
      signal: {
        areaId: area.id, hazard, level: warning.level, warningId: id, sent, expires: new Date(warning.expires).toISOString(), status: 'active',
        ...(warning.onset ? { onset: new Date(warning.onset).toISOString() } : {}),
      },
    });
  }
  const done = new Set<string>();
  for (const applied of withdrawn) {
    const key = `${applied.areaId}#${applied.hazard}`;
    // A Cancel of an Alert and its Update names the same area twice: one write.
    if (done.has(key)) continue;
    done.add(key);
    const signal = current.get(key);
    // Only the signal the referenced message set is cancelled: a later warning for the area stands.
    if (!signal || !referencedIds.has(signal.warningId) || newer(key) || signal.status === 'cancelled') continue;
    out.push({ district: applied.district, areaName: applied.areaName, signal: { ...signal, status: 'cancelled', cancelledAt: sent, sent, warningId: id } });
  }
  return out;
}

/**
 * Receives an official warning (CAP or JSON), once per sender and identifier: the same message
 * again returns the first result (200); another message under the same identifier is a 409.
 * An actual Alert or Update of a known hazard sets the official signal of each named area (in the
 * caller's jurisdiction); an Update or Cancel withdraws what the messages it refers to set. Other
 * hazards, tests and exercises are stored and ignored. `afterwards` runs the campaign evaluation
 * for the districts touched, so a warning starts its campaign at once.
 */
export async function receiveWarning(
  context: WarningContext,
  warning: WarningMessage,
  afterwards: (districts: string[]) => Promise<unknown>,
): Promise<{ status: 200 | 201; body: Record<string, unknown> }> {
  const { db, audit } = context;
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
  const ignored = warning.status !== 'Actual' ? `status ${warning.status}` : !hazard ? 'not a hazard campaigns answer (高温, 寒潮, 道路结冰)' : undefined;
  const effective: WarningMessage = { ...warning, hazard };
  const named = ignored || warning.msgType === 'Cancel' ? { areas: [], unmatched: [] } : await namedAreas(context, effective);
  const signals = ignored ? [] : await signalsOf(context, id, effective, referenced, named.areas);
  const stored: StoredWarning = {
    id,
    receivedAt: audit.now.toISOString(),
    receivedBy: audit.actor.sub,
    warning: effective,
    fingerprint,
    applied: signals.map(({ district, signal, areaName }) => ({
      areaId: signal.areaId, areaName, district, hazard: signal.hazard, status: signal.status, ...(signal.status === 'active' ? { level: signal.level } : {}),
    })),
    unmatchedAreas: named.unmatched,
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
