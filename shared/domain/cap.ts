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

/** Largest CAP message accepted: a real one is a few kilobytes. */
export const CAP_MAX_BYTES = 128 * 1024;

export const msgTypes = ['Alert', 'Update', 'Cancel'] as const;
export const capStatuses = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;

/** A reference to an earlier message: CAP's "sender,identifier,sent" triplet. */
const reference = z.strictObject({ sender: text(200), identifier: text(200), sent: instant });
const capId = text(200).refine((value) => !/[\s,<&]/.test(value), 'No spaces, commas, < or & (CAP 1.2 3.2.1).');

/** The JSON form of a warning, and the shape a CAP message is read into. */
export const warningInput = z
  .strictObject({
    identifier: capId,
    sender: capId,
    sent: instant,
    status: z.enum(capStatuses).default('Actual'),
    msgType: z.enum(msgTypes),
    references: z.array(reference).max(50).default([]),
    /** The event as the service words it, e.g. 高温, 寒潮, 道路结冰 (others are stored and ignored). */
    event: text(100),
    level: z.enum(levels).optional(),
    headline: text(300).optional(),
    description: text(4000).optional(),
    onset: instant.optional(),
    expires: instant.optional(),
    /** Areas by name, as the warning gives them (e.g. 草街街道). */
    areas: z.array(text(50)).max(200).default([]),
  })
  .superRefine((warning, ctx) => {
    if (warning.msgType !== 'Alert' && warning.references.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['references'], message: `An ${warning.msgType} names the message(s) it refers to.` });
    }
    if (warning.msgType !== 'Cancel' && hazardOfText(warning.event) && !warning.level) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'The signal level (blue, yellow, orange, red) could not be found.' });
    }
    if (warning.msgType !== 'Cancel' && warning.areas.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['areas'], message: 'Name at least one area.' });
    }
    if (warning.msgType !== 'Cancel' && !warning.expires) {
      ctx.addIssue({ code: 'custom', path: ['expires'], message: 'A warning says when it expires.' });
    }
    if (warning.onset && warning.expires && Date.parse(warning.expires) <= Date.parse(warning.onset)) {
      ctx.addIssue({ code: 'custom', path: ['expires'], message: 'A warning expires after its onset.' });
    }
  });
export type WarningInput = z.infer<typeof warningInput>;

/** A validated warning with what the rules read from it. */
export type WarningMessage = WarningInput & { hazard: Hazard | null; level?: Level; maxAltitudeM?: number };

/** Where each field of the JSON form sits in a CAP message, for error paths. */
const capPaths: Record<string, string> = {
  identifier: 'alert.identifier',
  sender: 'alert.sender',
  sent: 'alert.sent',
  status: 'alert.status',
  msgType: 'alert.msgType',
  references: 'alert.references',
  event: 'alert.info.event',
  level: 'alert.info.severity',
  headline: 'alert.info.headline',
  description: 'alert.info.description',
  onset: 'alert.info.onset',
  expires: 'alert.info.expires',
  areas: 'alert.info.area.areaDesc',
};

/** Validates the JSON form (or a CAP message read into it); every bad field is named under `prefix`. */
export function readWarning(input: unknown, form: 'json' | 'cap'): WarningMessage {
  const parsed = warningInput.safeParse(input);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((issue) => {
      const [head, ...rest] = issue.path.map(String);
      const base = form === 'cap' ? (capPaths[head ?? ''] ?? 'alert') : head;
      return { path: ['body', base, ...(form === 'json' ? rest : [])].filter(Boolean).join('.'), message: issue.message };
    });
    throw validationError(issues, 'The warning is not valid.');
  }
  const warning = parsed.data;
  const named = levelOfText(warning.headline ?? '') ?? levelOfText(warning.event);
  const altitude = /海拔\s*(\d{1,4})\s*米以下/.exec(warning.description ?? warning.headline ?? '');
  return {
    ...warning,
    hazard: hazardOfText(warning.event),
    ...(warning.level ? { level: warning.level } : named ? { level: named } : {}),
    ...(altitude ? { maxAltitudeM: Number(altitude[1]) } : {}),
  };
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
  isArray: (name) => ['info', 'area', 'geocode', 'eventCode', 'parameter', 'polygon'].includes(name),
});

type CapNode = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/**
 * Reads a CAP 1.2 message into the JSON form and validates it. Refused before parsing: a body over
 * CAP_MAX_BYTES, any DOCTYPE or ENTITY declaration, XML that is not well formed. Of several `info`
 * blocks the Chinese one is read (else the first); the level comes from the event code, the
 * headline or the event (蓝色…红色), else from CAP's severity.
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
  const infos = (Array.isArray(a['info']) ? a['info'] : []) as CapNode[];
  const info = infos.find((block) => /^zh/i.test(str(block['language']) ?? '')) ?? infos[0];
  if (!info && str(a['msgType']) !== 'Cancel') throw capIssue('body.alert.info', 'An Alert or Update carries an <info> block.');
  const areas = ((info?.['area'] ?? []) as CapNode[]).flatMap((area) =>
    (str(area['areaDesc']) ?? '').split(/[、，,;；\s]+/).map((name) => name.trim()).filter(Boolean),
  );
  const eventCodes = ((info?.['eventCode'] ?? []) as CapNode[]).map((code) => `${str(code['valueName']) ?? ''} ${str(code['value']) ?? ''}`);
  const event = str(info?.['event']) ?? '';
  const headline = str(info?.['headline']);
  const severity = str(info?.['severity']);
  const level = levelOfText(eventCodes.join(' ')) ?? levelOfText(headline ?? '') ?? levelOfText(event) ?? (severity ? severityLevels[severity] : undefined);
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
    // A Cancel may come without an info block: its event is then read from the message it cancels.
    event: event || (str(a['msgType']) === 'Cancel' ? 'Cancel' : undefined),
    ...(level ? { level } : {}),
    ...(headline ? { headline } : {}),
    ...(str(info?.['description']) ? { description: str(info?.['description']) } : {}),
    ...(str(info?.['onset']) ? { onset: str(info?.['onset']) } : {}),
    ...(str(info?.['expires']) ? { expires: str(info?.['expires']) } : {}),
    areas,
  };
  return readWarning(form, 'cap');
}
