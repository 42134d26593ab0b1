import { z } from 'zod';
import type { Role, StaffRole } from './access.js';
import { followUpReasons } from './follow-ups.js';
import {
  clinicalOutcomes, flagConcerns, homeRegion, identityStatuses, personStatuses, registrationSources, riskFactors, sexes, type Person,
} from './person.js';

/**
 * What each role may see of a person (PIPL art. 28; DOMAIN.md "Personal information"). Output
 * schemas strip unknown keys, so a field reaches a role only when its schema names it.
 */

/** Fields every view may show: identification without health, contacts or ID number. */
const baseView = {
  id: z.string(),
  name: z.string().optional(),
  aliases: z.array(z.string()),
  sex: z.enum(sexes),
  birthDate: z.string().optional(),
  birthYear: z.number().optional(),
  estimatedAge: z.number().optional(),
  estimatedAt: z.string().optional(),
  heightCm: z.number().optional(),
  build: z.string().optional(),
  marks: z.string().optional(),
  clothing: z.string().optional(),
  dialect: z.string().optional(),
  homeRegion: homeRegion.optional(),
  identityStatus: z.enum(identityStatuses),
  status: z.enum(personStatuses),
  district: z.string(),
  registrationSource: z.enum(registrationSources),
  lastSeen: z
    .object({ at: z.string(), place: z.string().optional(), lat: z.number(), lng: z.number(), encounterId: z.string() })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
};
const guardianView = z.object({ name: z.string(), relation: z.string(), phone: z.string() });
const followUpView = z.object({ dueOn: z.string(), reason: z.enum(followUpReasons) });
const concernFlagView = z.object({
  concerns: z.array(z.enum(flagConcerns)),
  encounterId: z.string().optional(),
  stayId: z.string().optional(),
  at: z.string(),
  raisedBy: z.string(),
});

/** Street and station views add risk factors, guardians, the rule-2 flag and the next follow-up. */
const workerView = {
  ...baseView,
  riskFactors: z.array(z.enum(riskFactors)),
  guardians: z.array(guardianView),
  concernFlag: concernFlagView.optional(),
  nextFollowUp: followUpView.optional(),
};

/** One output schema per role. Tracers get no ID number, guardians or health (risk factors are health too). */
export const personViews = {
  tracer: z.object(baseView),
  patrol: z.object(workerView),
  shelter: z.object({
    ...workerView,
    /** Rules 8 and 9: a mental disorder suspected on the street, and a clinician's finding on it (health: station staff and the office only). */
    suspectedMentalDisorder: z.object({ encounterId: z.string(), at: z.string(), raisedBy: z.string() }).optional(),
    clinicalFinding: z
      .object({ outcome: z.enum(clinicalOutcomes), clinician: z.string(), at: z.string(), note: z.string().optional(), recordedBy: z.string(), recordedAt: z.string() })
      .optional(),
    healthNotes: z.string().optional(),
    idNumber: z.string().optional(),
    lastSurveyAt: z.string().optional(),
  }),
} as const;
export const adminPersonView = personViews.shelter;

/**
 * A person of another district, as a worker who found them may see them: who they are and whom to
 * call, nothing of their history, health notes or whereabouts.
 */
export const foundPersonView = z
  .object(baseView)
  .pick({
    id: true, name: true, aliases: true, sex: true, birthDate: true, birthYear: true, estimatedAge: true, estimatedAt: true,
    identityStatus: true, status: true, district: true,
  })
  .extend({ riskFactors: z.array(z.enum(riskFactors)), guardians: z.array(guardianView) });

/** The view of a person for a role. */
export function personViewFor(role: StaffRole) {
  return role === 'admin' ? adminPersonView : personViews[role];
}

/**
 * A search hit or list row: enough to recognise someone, with the role's view applied on top. Read
 * from the person item, it carries what encounters and clinicians keep beside the record on mental
 * health too (rules 8 and 9 read them); index copies of the summary never hold those.
 */
export type PersonSummary = Pick<
  Person,
  'id' | 'name' | 'aliases' | 'sex' | 'birthDate' | 'birthYear' | 'estimatedAge' | 'estimatedAt' | 'homeRegion' |
  'riskFactors' | 'identityStatus' | 'status' | 'district' | 'registrationSource'
> & Partial<Pick<Person, 'suspectedMentalDisorder' | 'clinicalFinding'>>;

/** The summary of a person with what the care rules read beside it (a suspicion and a clinician's finding). */
export function careSummary(person: Person): PersonSummary {
  const { suspectedMentalDisorder, clinicalFinding } = person;
  return { ...summarize(person), ...(suspectedMentalDisorder ? { suspectedMentalDisorder } : {}), ...(clinicalFinding ? { clinicalFinding } : {}) };
}

/** The summary of a person, as list indexes carry it. */
export function summarize(person: Person): PersonSummary {
  const { id, name, aliases, sex, birthDate, birthYear, estimatedAge, estimatedAt, homeRegion, riskFactors, identityStatus, status, district, registrationSource } = person;
  return { id, name, aliases, sex, birthDate, birthYear, estimatedAge, estimatedAt, homeRegion, riskFactors, identityStatus, status, district, registrationSource };
}

const summaryBase = z.object(baseView).pick({
  id: true, name: true, aliases: true, sex: true, birthDate: true, birthYear: true, estimatedAge: true, estimatedAt: true,
  homeRegion: true, identityStatus: true, status: true, district: true, registrationSource: true,
});

/** Summary views by role (tracers see no risk factors). */
export const summaryViews = {
  tracer: summaryBase,
  full: summaryBase.extend({ riskFactors: z.array(z.enum(riskFactors)) }),
};

/** The summary view for a role. */
export const summaryViewFor = (role: Role) => (role === 'tracer' ? summaryViews.tracer : summaryViews.full);

/** A row of the follow-up work list: who, and which follow-up is due when. */
export const followUpRowView = summaryViews.full.extend({ nextFollowUp: followUpView });
