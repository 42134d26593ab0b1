import type { Role, StaffRole } from './access.js';
import type { FieldIssue } from './errors.js';
import type { PersonStatus } from './person.js';

/**
 * What each role may write of a person. Creating and changing follow the same permissions: a
 * field a role may not change it may not set on create either (a create is a change from nothing).
 *
 * - Patrol may not write what it may not see or what is the station's and the office's to say:
 *   health notes, the survey date, the registration source (a patrol's registrations are its own).
 * - Patrol may record an ID number read from a card for a person who has none, never change or remove one.
 * - Status: patrol says where a person is on the street (on the street, whereabouts unknown);
 *   care, placement, reunion and death are recorded by the station or the office, and only the
 *   office reverses a death.
 * - Identity: patrol may not declare an ID holder unidentified.
 * - The register: patrol may add a risk factor it sees on the street, not take one away (taking a
 *   person off the register, and so off the follow-up list, is the station's or the office's call).
 */
const closedFields: Partial<Record<Role, readonly string[]>> = {
  patrol: ['healthNotes', 'lastSurveyAt', 'registrationSource'],
};

const statusesSetBy: Record<Exclude<Role, 'tracer' | 'system'>, readonly PersonStatus[] | 'any'> = {
  patrol: ['on_street', 'unknown'],
  shelter: 'any',
  admin: 'any',
};

/** The state of a record a write starts from (nothing for a create) and the one it would leave. */
type Side = { status?: PersonStatus; identityStatus?: string; idNumber?: string; registrationSource?: string; riskFactors?: readonly string[] };

/**
 * The fields a write by `role` may not make, as issues naming each (empty when allowed). `sent`
 * lists the fields the client sent (with a value or null), `before` the stored record or nothing;
 * `at` is where those fields sit in the request (`body`, `body.newPerson`).
 */
export function writeIssues(role: StaffRole, sent: Record<string, unknown>, before: Side | undefined, after: Side, at = 'body'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const deny = (field: string, message: string) => issues.push({ path: `${at}.${field}`, message });
  if (role === 'tracer') return [{ path: at, message: 'Tracers do not change the register.' }];

  for (const field of closedFields[role] ?? []) {
    const value = sent[field];
    if (value === undefined) continue;
    // A patrol naming itself as the source of its own registration changes nothing.
    if (field === 'registrationSource' && value === 'patrol' && (before?.registrationSource ?? 'patrol') === 'patrol') continue;
    deny(field, 'Not changeable by your role.');
  }
  // Refused even when it would repeat the stored number: an answer would confirm a number patrol may not see.
  if (role === 'patrol' && sent['idNumber'] !== undefined && before?.idNumber !== undefined) {
    deny('idNumber', 'Your role may record an ID number for a person who has none, not change or remove one.');
  }
  const allowed = statusesSetBy[role];
  if (after.status && after.status !== before?.status) {
    if (allowed !== 'any' && !allowed.includes(after.status)) deny('status', `Your role may not set the status ${after.status}.`);
    if (before?.status === 'deceased' && role !== 'admin') deny('status', 'Only the office reverses a recorded death.');
  }
  if (role === 'patrol' && before?.riskFactors?.some((risk) => !after.riskFactors?.includes(risk))) {
    deny('riskFactors', 'Your role may add risk factors, not remove them.');
  }
  if (role === 'patrol' && after.identityStatus === 'unidentified' && after.idNumber && before?.identityStatus !== 'unidentified') {
    deny('identityStatus', 'Your role may not declare a person with an ID number unidentified.');
  }
  // In the order of the fields of the request (as parsed).
  const order = Object.keys(sent);
  const rank = (issue: FieldIssue) => order.indexOf(issue.path.slice(at.length + 1));
  return issues.sort((a, b) => rank(a) - rank(b));
}
