import { z } from 'zod';
import { districtCode, instant, measurement, text } from './common.js';
import type { NextStep } from './next-steps.js';
import { newPersonInput, policeConcerns, type Person } from './person.js';
import type { OutreachRules } from './rules.js';

export const encounterActions = [
  'offered_food',
  'offered_water',
  'offered_clothing',
  'offered_bedding',
  'persuaded_to_station',
  'escorted_to_station',
  /** The person reached the station after being guided (persuaded) or escorted: the hand-over. */
  'arrived_at_station',
  'called_120',
  'called_110',
  'refused_help',
  'left_contact',
] as const;
export type EncounterAction = (typeof encounterActions)[number];

export const referralKinds = ['aid_station', 'medical', 'police', 'emergency_aid', 'child_protection'] as const;
export const healthStates = ['well', 'unwell', 'acutely_ill', 'unknown'] as const;
/**
 * Concerns a worker records: rule 2's suspicions (police at once, record flagged), and a suspected
 * mental disorder, which makes the escort duty hold even against a refusal (rule 1) for a person
 * the register does not know yet.
 */
export const concerns = [...policeConcerns, 'suspected_mental_disorder'] as const;
export type Concern = (typeof concerns)[number];

const location = z.strictObject({
  lat: measurement(-90, 90),
  lng: measurement(-180, 180),
  accuracyM: measurement(0, 100_000).optional(),
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
    /** Where the encounter happened (区县 code): the worker's own district unless the office names one. */
    district: districtCode.optional(),
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
  concerns: Concern[];
  campaignId?: string;
  notes?: string;
  nextSteps: NextStep[];
  aidCaseId?: string;
};

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
  completedBy: z.string().optional(),
  reason: z.string(),
  dueAt: z.string().optional(),
  binding: z.enum(['working_days', 'calendar_days']).optional(),
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
