/**
 * `npm run fit:matching`: how the matching weights in `rules.ts` are set. On a training set from
 * the evaluation's generator with another seed (never the bench's), every found person is compared
 * with the reports the blocking index finds for them (both passes), and the weights are fitted by
 * conditional logistic regression: the likelihood that the true report ranks first among each
 * person's candidates. Weights keep the signs and the order the domain gives them (an agreement
 * never counts against a pair, the same name never weighs less than a homophone, found within days
 * never less than within a month), and the prior is the intercept that makes scores probabilities.
 * Prints the fitted weights beside those in force; a person still decides what goes into the rules.
 *
 *   TRAIN_SEED=1 FIT_PAIRS=2000 FIT_REPORTS=100000 npm run fit:matching   (about 15 minutes here)
 */
import { blockingEntries, blockingQueries, pairEvidence, personProfile, reportProfile, type MatchProfile } from '../shared/domain/matching.js';
import { outreachRules } from '../shared/domain/rules.js';
import { evaluationSet } from './matching.js';
import { table } from './stats.js';

type Weights = { -readonly [K in keyof typeof outreachRules.matching.weights]: number };
type WeightName = keyof Weights;
/** A candidate's evidence: the named weights it adds, each with its factor. */
type Features = Partial<Record<WeightName, number>>;
type Person = { truthId: string; candidates: { id: string; features: Features }[] };

const seed = Number(process.env['TRAIN_SEED'] ?? 1);
const pairs = Number(process.env['FIT_PAIRS'] ?? 2_000);
const reports = Number(process.env['FIT_REPORTS'] ?? 100_000);
/** Candidates kept per person, best first by the weights in force (the rest never reach a list). */
const KEEP = 300;

/** Agreements that may not count against a pair, disagreements that may not count for it. */
const AGREE: WeightName[] = [
  'sexAgree', 'timeDays', 'timeRecent', 'timeMonths', 'timeLate', 'ageAgree', 'ageNear', 'heightClose', 'heightNear', 'nameExact', 'nameHomophone',
  'nameSurnameInitials', 'nameSurname', 'dialectAgree', 'provinceAgree', 'countyAgree', 'marksSame', 'marksKind', 'marksAgree', 'clothingSame',
  'clothingAgree', 'conditionAgree', 'placeCounty', 'placeCity', 'placeProvince',
];
const DISAGREE: WeightName[] = ['ageApart', 'ageFar', 'heightApart', 'heightFar', 'nameDiffer', 'dialectDiffer', 'regionDiffer', 'marksDiffer', 'placeFar'];
/** Pairs [stronger, weaker] of the domain's order. */
const ORDER: [WeightName, WeightName][] = [
  ['nameExact', 'nameHomophone'], ['nameHomophone', 'nameSurnameInitials'], ['nameSurnameInitials', 'nameSurname'], ['timeDays', 'timeRecent'],
  ['timeRecent', 'timeMonths'], ['timeMonths', 'timeLate'], ['heightClose', 'heightNear'], ['placeCounty', 'placeCity'], ['placeCity', 'placeProvince'],
  ['clothingSame', 'clothingAgree'], ['marksSame', 'marksKind'], ['marksSame', 'marksAgree'], ['ageAgree', 'ageNear'], ['ageApart', 'ageFar'],
  ['heightApart', 'heightFar'], ['countyAgree', 'provinceAgree'],
];
/** Held as the domain sets them: a hard disagreement is not a matter of degree. */
const FIXED: WeightName[] = ['hardDisagree'];

const inForce: Weights = outreachRules.matching.weights;
const names = Object.keys(inForce) as WeightName[];
const dot = (weights: Weights, features: Features) => {
  let sum = 0;
  for (const name in features) sum += weights[name as WeightName] * (features[name as WeightName] as number);
  return sum;
};

/** The training set: each found person's candidates through the blocking index (kept in memory, read as the store reads it). */
function trainingSet(): Person[] {
  const { all, found, now } = evaluationSet(reports, pairs, seed);
  const index = new Map<string, { sk: string; profile: MatchProfile }[]>();
  for (const report of all) {
    const profile = reportProfile(report);
    for (const entry of blockingEntries(profile)) {
      const list = index.get(entry.pk) ?? [];
      list.push({ sk: entry.sk, profile });
      index.set(entry.pk, list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  const max = outreachRules.matching.blocking.maxCandidatesRead;
  const read = (queries: { pk: string; from?: string; to?: string }[], profiles: Map<string, MatchProfile>) => {
    let count = 0;
    for (const query of queries) {
      for (const entry of index.get(query.pk) ?? []) {
        if (query.from && (entry.sk < query.from || entry.sk > (query.to as string))) continue;
        if (count >= max) return;
        count += 1;
        profiles.set(entry.profile.id, entry.profile);
      }
    }
  };
  return found.map((entry, at) => {
    const person = personProfile(entry.person, 'person', entry.foundAt, outreachRules);
    const queries = blockingQueries(person, 'report', outreachRules, now);
    const profiles = new Map<string, MatchProfile>();
    read(queries.narrow, profiles);
    read(queries.wide, profiles);
    const candidates = [...profiles.values()].flatMap((candidate) => {
      const evidence = pairEvidence(person, candidate, outreachRules);
      if (evidence.hardNo) return [];
      const features: Features = {};
      for (const term of evidence.terms) features[term.weight] = (features[term.weight] ?? 0) + term.factor;
      return [{ id: candidate.id, features }];
    });
    candidates.sort((a, b) => dot(inForce, b.features) - dot(inForce, a.features));
    return { truthId: `r${String(at).padStart(6, '0')}`, candidates: candidates.slice(0, KEEP) };
  });
}

/** Keeps the signs and the order of the domain (a violated pair meets in the middle). */
function project(weights: Weights) {
  for (const name of FIXED) weights[name] = inForce[name];
  for (const name of AGREE) weights[name] = Math.max(0, weights[name]);
  for (const name of DISAGREE) weights[name] = Math.min(0, weights[name]);
  for (let pass = 0; pass < 5; pass += 1) {
    for (const [stronger, weaker] of ORDER) {
      if (weights[stronger] < weights[weaker]) weights[stronger] = weights[weaker] = (weights[stronger] + weights[weaker]) / 2;
    }
  }
}

/** Conditional logistic regression by Adam, a light pull towards the weights in force. */
function fit(people: Person[], steps = 300, pull = 0.01): Weights {
  const weights = { ...inForce };
  const moment = Object.fromEntries(names.map((name) => [name, 0])) as Weights;
  const second = { ...moment };
  const usable = people.filter((person) => person.candidates.some((candidate) => candidate.id === person.truthId));
  for (let step = 1; step <= steps; step += 1) {
    const gradient = Object.fromEntries(names.map((name) => [name, 0])) as Weights;
    for (const person of usable) {
      const scores = person.candidates.map((candidate) => dot(weights, candidate.features));
      const top = Math.max(...scores);
      const exps = scores.map((score) => Math.exp(score - top));
      const total = exps.reduce((sum, value) => sum + value, 0);
      person.candidates.forEach((candidate, at) => {
        const share = (exps[at] as number) / total - (candidate.id === person.truthId ? 1 : 0);
        for (const name in candidate.features) gradient[name as WeightName] += share * (candidate.features[name as WeightName] as number);
      });
    }
    for (const name of names) {
      const g = gradient[name] / usable.length + 2 * pull * (weights[name] - inForce[name]);
      moment[name] = 0.9 * moment[name] + 0.1 * g;
      second[name] = 0.999 * second[name] + 0.001 * g * g;
      weights[name] -= (0.05 * moment[name]) / (1 - 0.9 ** step) / (Math.sqrt(second[name] / (1 - 0.999 ** step)) + 1e-8);
    }
    project(weights);
  }
  return weights;
}

/** The prior: the intercept of a logistic regression of "is the true report" on the fitted score. */
function fitPrior(people: Person[], weights: Weights): number {
  let prior = outreachRules.matching.priorLogOdds;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    let gradient = 0;
    let curvature = 0;
    for (const person of people) {
      for (const candidate of person.candidates) {
        const p = 1 / (1 + Math.exp(-(dot(weights, candidate.features) + prior)));
        gradient += (candidate.id === person.truthId ? 1 : 0) - p;
        curvature += p * (1 - p);
      }
    }
    prior += gradient / Math.max(curvature, 1e-9);
  }
  return prior;
}

/** Share of persons whose true report ranks in the first five. */
function recallAt5(people: Person[], weights: Weights) {
  const hits = people.filter((person) => {
    const ranked = [...person.candidates].sort((a, b) => dot(weights, b.features) - dot(weights, a.features) || a.id.localeCompare(b.id));
    const rank = ranked.findIndex((candidate) => candidate.id === person.truthId);
    return rank >= 0 && rank < 5;
  });
  return hits.length / people.length;
}

const people = trainingSet();
const fitted = fit(people);
const prior = fitPrior(people, fitted);
const percent = (share: number) => `${(100 * share).toFixed(1)}%`;
console.log(`Training set: seed ${seed}, ${pairs} true pairs among ${reports} reports.`);
console.log(`recall@5 on the training set: ${percent(recallAt5(people, inForce))} with the weights in force, ${percent(recallAt5(people, fitted))} fitted.`);
console.log(`prior log-odds: ${outreachRules.matching.priorLogOdds} in force, ${prior.toFixed(2)} fitted.`);
console.log(table(['weight', 'in force', 'fitted'], names.map((name) => [name, inForce[name], fitted[name].toFixed(2)])));
