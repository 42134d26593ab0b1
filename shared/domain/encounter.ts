import { z } from 'zod';
import { instant, text } from './common.js';
import { ageAt, newPersonInput, type Person } from './person.js';
import type { OutreachRules } from './rules.js';

export const encounterActions = [
  'offered_food',
  'offered_water',
  'offered_clothing',
  'offered_bedding',
  'persuaded_to_station',
  'escorted_to_station',
  'called_120',
  'called_110',
  'refused_help',
  'left_contact',
] as const;
export type EncounterAction = (typeof encounterActions)[number];

export const referralKinds = ['aid_station', 'medical', 'police', 'emergency_aid', 'child_protection'] as const;
export const healthStates = ['well', 'unwell', 'acutely_ill', 'unknown'] as const;
/** Rule 2: what makes a police report due at once. */
export const concerns = ['suspected_lost', 'suspected_trafficked', 'suspected_abandoned'] as const;

const location = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000).optional(),
  crs: z.enum(['WGS84', 'GCJ02'], { error: 'Say which datum: WGS84 (GPS) or GCJ02 (Chinese map apps).' }),
  place: text(200).optional(),
});

const condition = z.strictObject({
  health: z.enum(healthStates).default('unknown'),
  intoxicated: z.boolean().optional(),
  dressedForWeather: z.boolean().optional(),
  limitedMobility: z.boolean().optional(),
  injuries: text(500).optional(),
  needs: text(500).optional(),
});

/** A street encounter as a patrol phone sends it: a known person (`personId`) or a new one (`newPerson`). */
export const encounterInput = z
  .strictObject({
    personId: z.uuid({ error: 'A person id is a UUID.' }).optional(),
    newPerson: newPersonInput.optional(),
    occurredAt: instant,
    location,
    condition: condition.default({ health: 'unknown' }),
    actions: z.array(z.enum(encounterActions)).max(encounterActions.length).default([]),
    referrals: z.array(z.strictObject({ kind: z.enum(referralKinds), note: text(500).optional() })).max(10).default([]),
    concerns: z.array(z.enum(concerns)).max(concerns.length).default([]),
    campaignId: z.string().trim().min(1).max(64).optional(),
    notes: text(2000).optional(),
  })
  .superRefine((encounter, ctx) => {
    if (Boolean(encounter.personId) === Boolean(encounter.newPerson)) {
      ctx.addIssue({ code: 'custom', path: ['personId'], message: 'Give either personId or newPerson, not both.' });
    }
    if (new Set(encounter.actions).size !== encounter.actions.length) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'Actions repeat.' });
    }
  });
export type EncounterInput = z.infer<typeof encounterInput>;

/** Checks the encounter time against the server clock: hours old is normal, the future is not. */
export function occurredAtIssue(occurredAt: string, now: Date, rules: OutreachRules): string | null {
  const at = Date.parse(occurredAt);
  if (at > now.getTime() + rules.clockSkewMinutes * 60_000) return 'The encounter cannot lie in the future.';
  if (at < now.getTime() - rules.offlineCaptureDays * 86_400_000) return `An encounter older than ${rules.offlineCaptureDays} days is not accepted.`;
  return null;
}

/** A stored encounter: one contact with one person. */
export type Encounter = {
  id: string;
  personId: string;
  district: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
  location: { lat: number; lng: number; accuracyM?: number; place?: string; reportedCrs: 'WGS84' | 'GCJ02' };
  condition: z.infer<typeof condition>;
  actions: EncounterAction[];
  referrals: { kind: (typeof referralKinds)[number]; note?: string }[];
  concerns: (typeof concerns)[number][];
  campaignId?: string;
  notes?: string;
  nextSteps: NextStep[];
  aidCaseId?: string;
};

/** What the rules require of the worker after an encounter, and whether the record shows it done. */
export type NextStep = {
  code:
    | 'call_120'
    | 'escort_to_station'
    | 'report_to_police'
    | 'provide_supplies'
    | 'leave_contact'
    | 'schedule_follow_up'
    | 'pay_emergency_aid'
    | 'notify_guardians';
  rule: string;
  done: boolean;
  reason: string;
  dueAt?: string;
};

const offeredSupplies: EncounterAction[] = ['offered_food', 'offered_water', 'offered_clothing', 'offered_bedding'];

/**
 * The next steps rules 1, 2 and 11 require after an encounter (pure): 120 first for the acutely
 * ill; escort minors, disabled, elderly and immobile people; police at once on suspicion of being
 * lost, trafficked or abandoned; supplies, contact and a follow-up for those who refuse.
 */
export function nextSteps(
  encounter: Pick<Encounter, 'occurredAt' | 'condition' | 'actions' | 'referrals' | 'concerns'>,
  person: Pick<Person, 'riskFactors' | 'birthDate' | 'birthYear' | 'estimatedAge' | 'estimatedAt' | 'idNumber' | 'guardians'>,
  rules: OutreachRules,
  extra: { aidDueAt?: string; guardiansNotified?: boolean } = {},
): NextStep[] {
  const steps: NextStep[] = [];
  const did = (action: EncounterAction) => encounter.actions.includes(action);
  const referred = (kind: Encounter['referrals'][number]['kind']) => encounter.referrals.some((referral) => referral.kind === kind);

  if (encounter.condition.health === 'acutely_ill') {
    steps.push({ code: 'call_120', rule: 'rule 1', done: did('called_120') || referred('medical'), reason: 'Acutely ill: call 120 first.' });
  }
  const age = ageAt(person, new Date(encounter.occurredAt));
  const vulnerable = [
    age !== undefined && age < rules.minorBelowAge && 'a minor',
    age !== undefined && age >= rules.elderlyFromAge && 'elderly',
    person.riskFactors.some((risk) => risk === 'physical_disability' || risk === 'intellectual_disability') && 'disabled',
    person.riskFactors.includes('minor_in_difficulty') && 'a minor in difficulty',
    encounter.condition.limitedMobility && 'of limited mobility',
  ].filter((reason): reason is string => Boolean(reason));
  // A refusal ends the escort duty for an adult only: a minor is escorted (rule 1) and released
  // only to a verified relative (rule 9), whatever they say.
  const minor = (age !== undefined && age < rules.minorBelowAge) || person.riskFactors.includes('minor_in_difficulty');
  if (vulnerable.length > 0 && (minor || !did('refused_help'))) {
    steps.push({
      code: 'escort_to_station',
      rule: 'rule 1',
      done: did('escorted_to_station'),
      reason: `The person is ${vulnerable.join(', ')}: guide or escort to the aid station and record the hand-over.`,
    });
  }
  if (encounter.concerns.length > 0) {
    steps.push({
      code: 'report_to_police',
      rule: 'rule 2',
      done: did('called_110') || referred('police'),
      reason: `Suspected ${encounter.concerns.map((concern) => concern.replace('suspected_', '')).join(', ')}: report to the police at once.`,
    });
  }
  if (did('refused_help')) {
    steps.push(
      { code: 'provide_supplies', rule: 'rule 1', done: offeredSupplies.some(did), reason: 'Help refused: give what is needed (water, food, clothes, bedding).' },
      { code: 'leave_contact', rule: 'rule 1', done: did('left_contact'), reason: 'Help refused: leave the station’s contact details.' },
      { code: 'schedule_follow_up', rule: 'rule 1', done: false, reason: 'Help refused: come back to check on the person.' },
    );
  }
  if (extra.aidDueAt) {
    steps.push({ code: 'pay_emergency_aid', rule: 'rule 11', done: false, reason: 'Emergency temporary assistance: pay small sums first, paperwork after.', dueAt: extra.aidDueAt });
  }
  if (extra.guardiansNotified) {
    steps.push({ code: 'notify_guardians', rule: 'rule 12', done: true, reason: 'A registered person was found: the guardians are being notified.' });
  }
  return steps;
}

/** Whether a person is a register member with a guardian to call when they are found. */
export const isRegisteredAtRisk = (person: Pick<Person, 'registrationSource' | 'riskFactors' | 'guardians'>) =>
  person.guardians.length > 0 && (person.registrationSource !== 'patrol' || person.riskFactors.length > 0);

/** Statuses in which a sighting is no news to the family. */
const settledStatuses: Person['status'][] = ['in_care', 'placed', 'reunited', 'deceased'];

/**
 * Whether this sighting should notify the guardians (rule 12, the register's purpose): a register
 * member not in care, seen anew, and not already announced within the quiet window.
 */
export function shouldNotifyGuardians(
  person: Pick<Person, 'registrationSource' | 'riskFactors' | 'guardians' | 'status'>,
  sighting: { occurredAt: string; isNewest: boolean; lastNoticeAt: string | undefined },
  rules: OutreachRules,
): boolean {
  if (!isRegisteredAtRisk(person) || settledStatuses.includes(person.status) || !sighting.isNewest) return false;
  if (!sighting.lastNoticeAt) return true;
  return Date.parse(sighting.occurredAt) - Date.parse(sighting.lastNoticeAt) >= rules.foundNoticeQuietHours * 3600_000;
}

const nextStepView = z.object({
  code: z.string(),
  rule: z.string(),
  done: z.boolean(),
  reason: z.string(),
  dueAt: z.string().optional(),
});

/** Encounter views: the full record for street, shelter and office staff; where and when only for tracers. */
export const encounterViews = {
  full: z.object({
    id: z.string(),
    personId: z.string(),
    district: z.string(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    recordedBy: z.string(),
    location: z.object({
      lat: z.number(),
      lng: z.number(),
      accuracyM: z.number().optional(),
      place: z.string().optional(),
      reportedCrs: z.enum(['WGS84', 'GCJ02']),
    }),
    condition: z.object({
      health: z.enum(healthStates),
      intoxicated: z.boolean().optional(),
      dressedForWeather: z.boolean().optional(),
      limitedMobility: z.boolean().optional(),
      injuries: z.string().optional(),
      needs: z.string().optional(),
    }),
    actions: z.array(z.enum(encounterActions)),
    referrals: z.array(z.object({ kind: z.enum(referralKinds), note: z.string().optional() })),
    concerns: z.array(z.enum(concerns)),
    campaignId: z.string().optional(),
    notes: z.string().optional(),
    nextSteps: z.array(nextStepView),
    aidCaseId: z.string().optional(),
  }),
  tracer: z.object({
    id: z.string(),
    personId: z.string(),
    district: z.string(),
    occurredAt: z.string(),
    location: z.object({ lat: z.number(), lng: z.number(), place: z.string().optional() }),
  }),
};

/** The encounter view for a role. */
export const encounterViewFor = (role: string) => (role === 'tracer' ? encounterViews.tracer : encounterViews.full);
