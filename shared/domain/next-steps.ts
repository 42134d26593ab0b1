import { mayBeElderly, mayBeMinor, possibleAges, type AgeEvidence } from './age.js';
import type { Concern, Encounter, EncounterAction } from './encounter.js';
import { policeConcerns, type Person, type PoliceConcern } from './person.js';
import type { OutreachRules } from './rules.js';

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
  /** Which action completed the step, where more than one can (guided or escorted; paid). */
  completedBy?: string;
  reason: string;
  dueAt?: string;
  /** For a step with two deadlines, the one that binds. */
  binding?: 'working_days' | 'calendar_days';
};

/** What happened around the encounter that the steps depend on. */
export type StepContext = {
  /** An aid case was opened: its binding deadline. */
  aid?: { dueAt: string; binding: 'working_days' | 'calendar_days' };
  /** The guardians of a register member are being told the person was found. */
  guardiansNotified?: boolean;
  /** A refusal scheduled the person's follow-up for this date. */
  followUpDueOn?: string;
  /** A refusal recorded late: a newer encounter has already looked in on the person. */
  followedUpLater?: boolean;
};

const offeredSupplies: EncounterAction[] = ['offered_food', 'offered_water', 'offered_clothing', 'offered_bedding'];

const isPoliceConcern = (concern: Concern): concern is PoliceConcern => (policeConcerns as readonly string[]).includes(concern);

/** Why a person is to be guided or escorted to the station (rule 1), protective readings included. */
function escortReasons(
  encounter: Pick<Encounter, 'occurredAt' | 'condition' | 'concerns'>,
  person: AgeEvidence & Pick<Person, 'riskFactors'>,
  rules: OutreachRules,
): string[] {
  const disabling = person.riskFactors.filter((risk) => (rules.disablingRiskFactors as readonly string[]).includes(risk));
  // An estimate read with its tolerance: "possibly a minor" where it may be, "a minor" only where it must be.
  const age = possibleAges(person, encounter.occurredAt, rules);
  const elderlyByRegister = person.riskFactors.filter((risk) => (rules.elderlyRiskFactors as readonly string[]).includes(risk));
  return [
    !age && 'of unknown age (possibly a minor; record an estimate)',
    age && mayBeMinor(person, encounter.occurredAt, rules) && (age.max < rules.minorBelowAge ? 'a minor' : 'possibly a minor'),
    person.riskFactors.includes('minor_in_difficulty') && 'a minor in difficulty',
    age && mayBeElderly(person, encounter.occurredAt, rules) && (age.min >= rules.elderlyFromAge ? 'elderly' : 'possibly elderly'),
    !(age && age.min >= rules.elderlyFromAge) && elderlyByRegister.length > 0 && `elderly (register: ${elderlyByRegister.join(', ')})`,
    disabling.length > 0 && `disabled (${disabling.join(', ')})`,
    encounter.concerns.includes('suspected_mental_disorder') && 'suspected of a mental disorder',
    encounter.condition.limitedMobility && 'of limited mobility',
  ].filter((reason): reason is string => Boolean(reason));
}

/**
 * Whether the escort duty holds even against a refusal: a person who may be a minor (rules 1 and 9)
 * and a person with a (suspected) mental disorder or dementia met on the street.
 */
function escortDespiteRefusal(
  encounter: Pick<Encounter, 'occurredAt' | 'concerns'>,
  person: AgeEvidence & Pick<Person, 'riskFactors'>,
  rules: OutreachRules,
): boolean {
  const { riskFactors, concerns } = rules.escortDespiteRefusal;
  return (
    mayBeMinor(person, encounter.occurredAt, rules) ||
    person.riskFactors.some((risk) => (riskFactors as readonly string[]).includes(risk)) ||
    encounter.concerns.some((concern) => (concerns as readonly string[]).includes(concern))
  );
}

/**
 * The next steps rules 1, 2 and 11 require after an encounter (pure): 120 first for the acutely
 * ill; guide or escort minors, the disabled, the elderly and the immobile; police at once on
 * suspicion of being lost, trafficked or abandoned; supplies, contact and a follow-up for those who
 * refuse; emergency aid by its binding deadline.
 */
export function nextSteps(
  encounter: Pick<Encounter, 'occurredAt' | 'condition' | 'actions' | 'referrals' | 'concerns'>,
  person: AgeEvidence & Pick<Person, 'riskFactors'>,
  rules: OutreachRules,
  context: StepContext = {},
): NextStep[] {
  const steps: NextStep[] = [];
  const did = (action: EncounterAction) => encounter.actions.includes(action);
  const referred = (kind: Encounter['referrals'][number]['kind']) => encounter.referrals.some((referral) => referral.kind === kind);

  if (encounter.condition.health === 'acutely_ill') {
    steps.push({ code: 'call_120', rule: 'rule 1', done: did('called_120') || referred('medical'), reason: 'Acutely ill: call 120 first.' });
  }
  const reasons = escortReasons(encounter, person, rules);
  if (reasons.length > 0 && (!did('refused_help') || escortDespiteRefusal(encounter, person, rules))) {
    // Rule 1 says guide or escort: persuading the person to come, followed by arrival, does it too.
    const completedBy = did('escorted_to_station')
      ? 'escorted_to_station'
      : did('persuaded_to_station') && did('arrived_at_station')
        ? 'guided_to_station'
        : undefined;
    steps.push({
      code: 'escort_to_station',
      rule: 'rule 1',
      done: completedBy !== undefined,
      ...(completedBy ? { completedBy } : {}),
      reason: `The person is ${reasons.join(', ')}: guide or escort to the aid station and record the hand-over.`,
    });
  }
  const suspicions = encounter.concerns.filter(isPoliceConcern);
  if (suspicions.length > 0) {
    steps.push({
      code: 'report_to_police',
      rule: 'rule 2',
      done: did('called_110') || referred('police'),
      reason: `Suspected ${suspicions.map((concern) => concern.replace('suspected_', '')).join(', ')}: report to the police at once; the record is flagged.`,
    });
  }
  if (did('refused_help')) {
    steps.push(
      { code: 'provide_supplies', rule: 'rule 1', done: offeredSupplies.some(did), reason: 'Help refused: give what is needed (water, food, clothes, bedding).' },
      { code: 'leave_contact', rule: 'rule 1', done: did('left_contact'), reason: 'Help refused: leave the station’s contact details.' },
      {
        code: 'schedule_follow_up',
        rule: 'rule 1',
        done: context.followUpDueOn !== undefined || context.followedUpLater === true,
        ...(context.followedUpLater ? { completedBy: 'later_encounter' } : {}),
        reason: 'Help refused: come back to check on the person.',
        ...(context.followUpDueOn ? { dueAt: context.followUpDueOn } : {}),
      },
    );
  }
  if (context.aid) {
    steps.push({
      code: 'pay_emergency_aid',
      rule: 'rule 11',
      done: false,
      reason: 'Emergency temporary assistance: pay small sums first, paperwork after.',
      dueAt: context.aid.dueAt,
      binding: context.aid.binding,
    });
  }
  if (context.guardiansNotified) {
    steps.push({ code: 'notify_guardians', rule: 'rule 12', done: true, reason: 'A registered person was found: the guardians are being notified.' });
  }
  return steps;
}

/** The steps after the encounter's aid case was paid: the aid step done, by the payment. */
export const stepsAfterPayment = (steps: NextStep[]): NextStep[] =>
  steps.map((step) => (step.code === 'pay_emergency_aid' ? { ...step, done: true, completedBy: 'paid' } : step));
