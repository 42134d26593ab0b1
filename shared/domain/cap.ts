/**
 * Official warning signals in: CAP 1.2 XML (OASIS Common Alerting Protocol, used by China's
 * national early-warning release system) and a JSON form with the same fields. Both become one
 * `WarningMessage`, validated by one schema, so a missing field is named the same way whatever
 * came in. The XML parser is fast-xml-parser with entity processing off; a DOCTYPE or ENTITY
 * declaration is refused before parsing (no XML bomb, no external entity), and so is a body
 * over `CAP_MAX_BYTES`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { instant, text } from './common.js';
import { validationError, type FieldIssue } from './errors.js';
import { hazardOfText, levelOfText, levels, type Hazard, type Level } from './weather.js';

/**
 * Largest CAP message accepted. A real one with detailed polygons, or with its audio embedded as
 * CAP 1.2 allows (`derefUri`), runs to hundreds of kilobytes (IPAWS: 459 KB); the API's body limit
 * (app.ts) lets the warnings route take this much.
 */
export const CAP_MAX_BYTES = 1024 * 1024;

/** CAP 1.2 3.2.1 msgType: an Ack or an Error is stored and ignored. */
export const msgTypes = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const capStatuses = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;

/** A reference to an earlier message: CAP's "sender,identifier,sent" triplet. */
const reference = z.strictObject({ sender: text(200), identifier: text(200), sent: instant });
const capId = text(200).refine((value) => !/[\s,<&]/.test(value), 'No spaces, commas, < or & (CAP 1.2 3.2.1).');

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
/** A CAP polygon (3.3.1.2 polygon): [latitude, longitude] pairs, closed, at least four. */
const capPolygon = z
  .array(z.tuple([latitude, longitude]))
  .min(4, 'A polygon has at least 4 points, the last repeating the first (CAP 1.2 3.3.1.2).')
  .max(50_000)
  .refine((points) => {
    const [first, last] = [points[0], points[points.length - 1]];
    return Boolean(first && last && first[0] === last[0] && first[1] === last[1]);
  }, 'A polygon is closed: its last point repeats the first (CAP 1.2 3.3.1.2).');
/** A CAP circle (3.3.1.3): a centre and a radius in kilometres. */
const capCircle = z.strictObject({ lat: latitude, lng: longitude, radiusKm: z.number().min(0).max(20_000) });
const geocode = z.strictObject({ valueName: text(200), value: text(200) });

/** What one <info> block says: a hazard as its publisher words it, a level, a period and where. */
const infoFields = {
  language: text(35).optional(),
  /** The event as the service words it, e.g. 高温, 寒潮, 道路结冰 (others are stored and ignored). */
  event: text(500),
  level: z.enum(levels).optional(),
  headline: text(1000).optional(),
  description: text(20_000).optional(),
  onset: instant.optional(),
  /** Optional in CAP 1.2: a Chinese signal is lifted by a later message (解除), not by a time. */
  expires: instant.optional(),
  /** Areas by name, as the warning gives them (e.g. 草街街道, 合川区草街街道). */
  areas: z.array(text(200)).max(2000).default([]),
  /** Area codes (CAP <geocode>); an administrative division code (500117) covers every 街道 it contains. */
  geocodes: z.array(geocode).max(5000).default([]),
  polygons: z.array(capPolygon).max(500).default([]),
  circles: z.array(capCircle).max(500).default([]),
  /** The block says the signal is lifted (解除, or CAP responseType AllClear). */
  lifted: z.boolean().default(false),
};
const warningInfo = z.strictObject(infoFields);
export type WarningInfoInput = z.infer<typeof warningInfo>;

const header = {
  identifier: capId,
  sender: capId,
  sent: instant,
  status: z.enum(capStatuses).default('Actual'),
  msgType: z.enum(msgTypes),
  references: z.array(reference).max(100).default([]),
};

/** The rules every block of a warning obeys, whichever form it came in. */
function checkInfo(info: WarningInfoInput, msgType: string, ctx: z.RefinementCtx, path: (string | number)[]) {
  if (msgType !== 'Cancel' && !info.lifted && hazardOfText(info.event) && !info.level) {
    ctx.addIssue({ code: 'custom', path: [...path, 'level'], message: 'The signal level (blue, yellow, orange, red) could not be found.' });
  }
  // Equal is well formed: a cancellation's block may expire at its own onset.
  if (info.onset && info.expires && Date.parse(info.expires) < Date.parse(info.onset)) {
    ctx.addIssue({ code: 'custom', path: [...path, 'expires'], message: 'A warning does not expire before its onset.' });
  }
}
const checkReferences = (warning: { msgType: string; references: unknown[] }, ctx: z.RefinementCtx) => {
  if ((warning.msgType === 'Update' || warning.msgType === 'Cancel') && warning.references.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['references'], message: `An ${warning.msgType} names the message(s) it refers to.` });
  }
};

/** The JSON form of a warning: CAP's header and one block's fields, flat. */
export const warningInput = z.strictObject({ ...header, ...infoFields }).superRefine((warning, ctx) => {
  checkReferences(warning, ctx);
  checkInfo(warning, warning.msgType, ctx, []);
});
export type WarningInput = z.infer<typeof warningInput>;

/** The shape a CAP message is read into: the header and every <info> block. */
const capForm = z.strictObject({ ...header, infos: z.array(warningInfo).max(100) }).superRefine((warning, ctx) => {
  checkReferences(warning, ctx);
  warning.infos.forEach((info, i) => checkInfo(info, warning.msgType, ctx, ['infos', i]));
});

/** One block as the rules read it: its hazard, level and altitude limit worked out. */
export type WarningInfo = WarningInfoInput & { hazard: Hazard | null; level?: Level; maxAltitudeM?: number; /** As stored: how many polygons the block had. */ polygonCount?: number };

/**
 * A validated warning: its header and every block. `event`, `hazard`, `level`, `onset` and
 * `expires` repeat the first block of a hazard campaigns answer (else the first block), for views.
 */
export type WarningMessage = Omit<z.infer<typeof capForm>, 'infos'> & {
  infos: WarningInfo[];
  event: string;
  hazard: Hazard | null;
  level?: Level;
  onset?: string;
  expires?: string;
  areas: string[];
};

/** Where each field of the JSON form sits in a CAP <info> block, for error paths. */
const capInfoPaths: Record<string, string> = {
  event: 'event', level: 'severity', headline: 'headline', description: 'description', onset: 'onset', expires: 'expires',
  areas: 'area.areaDesc', geocodes: 'area.geocode', polygons: 'area.polygon', circles: 'area.circle', language: 'language',
};

/** A block with what the rules read from it. */
function infoOf(info: WarningInfoInput): WarningInfo {
  const altitude = /海拔\s*(\d{1,4})\s*米以下/.exec(info.description ?? info.headline ?? '');
  return { ...info, hazard: hazardOfText(info.event), ...(altitude ? { maxAltitudeM: Number(altitude[1]) } : {}) };
}

/** The header and blocks as one message, its summary fields from the first block of a known hazard. */
function messageOf(head: Pick<WarningInput, keyof typeof header>, infos: WarningInfo[]): WarningMessage {
  const first = infos.find((info) => info.hazard && !info.lifted) ?? infos.find((info) => info.hazard) ?? infos[0];
  return {
    ...head,
    infos,
    event: first?.event ?? head.msgType,
    hazard: first?.hazard ?? null,
    ...(first?.level ? { level: first.level } : {}),
    ...(first?.onset ? { onset: first.onset } : {}),
    ...(first?.expires ? { expires: first.expires } : {}),
    areas: [...new Set(infos.flatMap((info) => info.areas))],
  };
}

/** The field issues of a failed parse, under `body`; `path` turns a zod path into the form's own. */
function refused(error: z.ZodError, path: (issuePath: string[]) => string[], message: string): never {
  const issues: FieldIssue[] = error.issues.map((issue) => ({ path: ['body', ...path(issue.path.map(String))].join('.'), message: issue.message }));
  throw validationError(issues, message);
}

/** Validates the JSON form; every bad field is named by its path in the body. */
export function readWarning(input: unknown): WarningMessage {
  const parsed = warningInput.safeParse(input);
  if (!parsed.success) refused(parsed.error, (path) => path, 'The warning is not valid.');
  const { identifier, sender, sent, status, msgType, references, ...info } = parsed.data;
  return messageOf({ identifier, sender, sent, status, msgType, references }, [infoOf(info)]);
}

const capIssue = (path: string, message: string) => validationError([{ path, message }], 'The CAP message is not valid.');

/** CAP severities as China maps them to signal colours (Minor 蓝, Moderate 黄, Severe 橙, Extreme 红). */
const severityLevels: Record<string, Level> = { Minor: 'blue', Moderate: 'yellow', Severe: 'orange', Extreme: 'red' };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 32,
  isArray: (name) => ['info', 'area', 'geocode', 'eventCode', 'parameter', 'polygon', 'circle', 'areaDesc', 'responseType'].includes(name),
});

type CapNode = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
const nodes = (value: unknown) => (Array.isArray(value) ? value : []).filter((node): node is CapNode => Boolean(node) && typeof node === 'object');
const strings = (value: unknown) => (Array.isArray(value) ? value : []).map(str).filter((item): item is string => Boolean(item && item.trim()));
/** The five XML entities, which a parser with entity processing off leaves as written. */
const unescape = (value: string) => value.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] as string);
/** Text as the block gives it, entities read, or undefined when empty. */
const textOf = (value: unknown) => {
  const found = str(value);
  return found && found.trim() ? unescape(found) : undefined;
};

/** "lat,lon lat,lon …" (CAP 1.2 3.3.1.2); a pair that is not two numbers makes the polygon unreadable. */
const pointsOf = (value: string) => value.trim().split(/\s+/).map((pair) => pair.split(',').map(Number));
/** "lat,lon radius" (CAP 1.2 3.3.1.3). */
function circleOf(value: string) {
  const [centre, radius] = value.trim().split(/\s+/);
  const [lat, lng] = (centre ?? '').split(',').map(Number);
  return { lat, lng, radiusKm: Number(radius) };
}

/** A CAP message's word that a signal is lifted: 解除 in the headline (or the event), or responseType AllClear. */
const liftedText = /解除/;

/** One <info> block in the JSON form's fields; the level from the event code or a parameter, then the headline, the description, the event, CAP's severity. */
function readInfo(info: CapNode) {
  const coded = [...nodes(info['eventCode']), ...nodes(info['parameter'])]
    .map((pair) => levelOfText(`${str(pair['valueName']) ?? ''} ${str(pair['value']) ?? ''}`))
    .find((level): level is Level => Boolean(level));
  const event = textOf(info['event']);
  const headline = textOf(info['headline']);
  const description = textOf(info['description']);
  const severity = str(info['severity']);
  const level = coded ?? levelOfText(headline ?? '') ?? levelOfText(description ?? '') ?? levelOfText(event ?? '') ?? (severity ? severityLevels[severity] : undefined);
  const areas = nodes(info['area']);
  const lifted = liftedText.test(`${headline ?? ''} ${event ?? ''}`) || strings(info['responseType']).some((type) => type.trim() === 'AllClear');
  return {
    ...(textOf(info['language']) ? { language: textOf(info['language']) } : {}),
    event,
    ...(level ? { level } : {}),
    ...(headline ? { headline } : {}),
    ...(description ? { description } : {}),
    ...(str(info['onset']) ? { onset: str(info['onset']) } : {}),
    ...(str(info['expires']) ? { expires: str(info['expires']) } : {}),
    // An area description wraps over lines in real feeds: one line, one space between words.
    areas: areas.flatMap((area) => strings(area['areaDesc']).flatMap((desc) => unescape(desc).split(/[、，,;；]+/).map((name) => name.replace(/\s+/g, ' ').trim()).filter(Boolean))),
    geocodes: areas.flatMap((area) => nodes(area['geocode']).map((code) => ({ valueName: str(code['valueName']), value: str(code['value']) }))),
    polygons: areas.flatMap((area) => strings(area['polygon']).map(pointsOf)),
    circles: areas.flatMap((area) => strings(area['circle']).map(circleOf)),
    lifted,
  };
}

/** Where a zod path of the CAP form sits in the XML: alert.identifier, alert.info.expires (alert.info.2.expires of several). */
const capPath = (several: boolean) => (path: string[]) => {
  const [head, index, field, ...rest] = path;
  if (head !== 'infos') return ['alert', head ?? ''].filter(Boolean);
  return ['alert', 'info', ...(several ? [index ?? ''] : []), ...(field ? [capInfoPaths[field] ?? field] : []), ...rest];
};

/**
 * Reads a CAP 1.2 message and validates it. Refused before parsing: a body over CAP_MAX_BYTES, any
 * DOCTYPE or ENTITY declaration, XML that is not well formed. Every <info> block is read (each
 * language, each hazard), with its areas by name, <geocode>, <polygon> and <circle>.
 */
export function readCap(xml: string): WarningMessage {
  if (Buffer.byteLength(xml, 'utf8') > CAP_MAX_BYTES) throw capIssue('body', `A CAP message has at most ${CAP_MAX_BYTES} bytes.`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw capIssue('body', 'DOCTYPE and ENTITY declarations are refused.');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) throw capIssue('body', `Not well-formed XML (line ${wellFormed.err.line}): ${wellFormed.err.msg}`);
  let document: CapNode;
  try {
    document = parser.parse(xml) as CapNode;
  } catch (error) {
    throw capIssue('body', `The XML could not be read: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  const alert = document['alert'];
  if (!alert || typeof alert !== 'object') throw capIssue('body.alert', 'A CAP message has an <alert> root element.');
  const a = alert as CapNode;
  const infos = nodes(a['info']);
  const references = (str(a['references']) ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((triplet) => {
      const [sender, identifier, sent] = triplet.split(',');
      return { sender, identifier, sent };
    });
  const form = {
    identifier: str(a['identifier']),
    sender: str(a['sender']),
    sent: str(a['sent']),
    status: str(a['status']),
    msgType: str(a['msgType']),
    references,
    infos: infos.map(readInfo),
  };
  const parsed = capForm.safeParse(form);
  if (!parsed.success) refused(parsed.error, capPath(infos.length > 1), 'The CAP message is not valid.');
  const { infos: blocks, ...head } = parsed.data;
  return messageOf(head, blocks.map(infoOf));
}
