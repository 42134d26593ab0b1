import { nameSearchKeys } from '../shared/domain/names.js';
import type { DevTokenIssuer } from '../shared/http/dev-tokens.js';
import { registeredPerson } from '../test/support/persons.js';
import { benchApp, type Harness } from './harness.js';
import { chineseName, seededRandom } from './names.js';
import { breakdown, mapConcurrent, median, ms, now, ratio, table } from './stats.js';
import { scale } from './mode.js';

export const SMALL_DISTRICT_SIZE = 200;
export const LARGE_DISTRICT_SIZE = scale(2000, 500);
export const SEARCH_ROUNDS = scale(40, 10);
export const REGISTER_CONCURRENCY = 8;
/**
 * The same five persons in both districts, with a surname the generator never draws: a search for
 * them returns the same hits whatever the district's size, so only the district's size differs.
 */
const PROBE_NAMES = ['诸葛亮', '诸葛瑾', '诸葛恪', '诸葛诞', '诸葛均'];
/** The probes' surname (same hits at both sizes), and the commonest surname (a full page at both sizes). */
export const SEARCH_QUERIES = ['zhuge', 'wang'];

type District = { code: string; size: number; names: string[] };

export type SearchRow = {
  q: string;
  persons: number;
  matching: number;
  medianMs: number;
  breakdown: string;
  queries: number;
  indexes: string[];
  medianScanned: number;
  returned: number;
  scan: boolean;
};

/**
 * Name search scaling: one district of SMALL_DISTRICT_SIZE persons and one of LARGE_DISTRICT_SIZE,
 * registered through the API, then `GET /v1/persons?q=` against both in alternation, so that both
 * sizes see the same machine state. A name search must stay one Query of the name index.
 */
export async function nameSearch(options: { dynamoEndpoint: string; tokens: DevTokenIssuer; log: (line: string) => void }) {
  const harness = await benchApp(options.dynamoEndpoint, 'outreach-bench-names', options.tokens);
  try {
    const random = seededRandom(20261128);
    const districts: District[] = [
      { code: '500119', size: SMALL_DISTRICT_SIZE, names: [] },
      { code: '500120', size: LARGE_DISTRICT_SIZE, names: [] },
    ];
    for (const district of districts) {
      district.names = [...PROBE_NAMES, ...Array.from({ length: district.size - PROBE_NAMES.length }, () => chineseName(random))];
    }

    const registration = await registerAll(harness, districts, random, options.log);

    const rows: SearchRow[] = [];
    for (const q of SEARCH_QUERIES) {
      const samples = new Map(districts.map((d) => [d.code, [] as { ms: number; byCommand: Record<string, number>; scanned: number; returned: number; indexes: string[] }[]]));
      const headers = new Map(await Promise.all(districts.map(async (d) => [d.code, await harness.as('patrol', d.code)] as const)));
      for (let round = 0; round < SEARCH_ROUNDS; round += 1) {
        const order = round % 2 === 0 ? districts : [...districts].reverse();
        for (const district of order) {
          harness.requests.reset();
          harness.recorder.take();
          const started = now();
          const { body } = await harness.expect<{ items: unknown[] }>(200, 'GET', `/v1/persons?q=${encodeURIComponent(q)}`, headers.get(district.code) ?? {});
          const elapsed = now() - started;
          const records = harness.recorder.take();
          samples.get(district.code)?.push({
            ms: elapsed,
            byCommand: harness.requests.byCommand(),
            scanned: records.filter((r) => r.command === 'Query').reduce((sum, r) => sum + (r.scannedCount ?? 0), 0),
            returned: body.items.length,
            indexes: records.flatMap((r) => (r.indexName ? [r.indexName] : [])),
          });
        }
      }
      for (const district of districts) {
        const runs = samples.get(district.code) ?? [];
        const byCommand = runs[0]?.byCommand ?? {};
        rows.push({
          q,
          persons: district.size,
          matching: district.names.filter((name) => nameSearchKeys(name).some((key) => key.startsWith(q))).length,
          medianMs: median(runs.map((r) => r.ms)),
          breakdown: breakdown(byCommand),
          queries: Math.max(...runs.map((r) => r.byCommand['Query'] ?? 0)),
          indexes: [...new Set(runs.flatMap((r) => r.indexes))].sort(),
          medianScanned: median(runs.map((r) => r.scanned)),
          returned: runs[0]?.returned ?? 0,
          scan: runs.some((r) => 'Scan' in r.byCommand),
        });
      }
      options.log(`  searched q=${q}`);
    }

    const ratios = SEARCH_QUERIES.map((q) => {
      const small = rows.find((r) => r.q === q && r.persons === SMALL_DISTRICT_SIZE);
      const large = rows.find((r) => r.q === q && r.persons === LARGE_DISTRICT_SIZE);
      return { q, ratio: (large?.medianMs ?? Number.NaN) / (small?.medianMs ?? Number.NaN) };
    });
    const text = [
      `registered ${registration.persons} persons through POST /v1/persons (concurrency ${REGISTER_CONCURRENCY}) in ${(registration.ms / 1000).toFixed(1)} s` +
        ` (${(registration.persons / (registration.ms / 1000)).toFixed(0)}/s; ${registration.requestsPerPerson.toFixed(2)} DynamoDB requests each: ${registration.breakdown})`,
      '',
      table(
        ['query', 'persons in district', 'matching', 'returned', 'median', 'requests', 'Query calls', 'index', 'items examined (median)'],
        rows.map((r) => [
          `q=${r.q}`,
          r.persons,
          r.matching,
          r.returned,
          ms(r.medianMs),
          r.breakdown,
          r.queries,
          r.indexes.join(',') || '-',
          r.medianScanned,
        ]),
      ),
      '',
      ...ratios.map((r) => `  q=${r.q}: median ${LARGE_DISTRICT_SIZE} / ${SMALL_DISTRICT_SIZE} persons = ${ratio(r.ratio)}`),
      `  ${SEARCH_ROUNDS} searches per size, sizes alternating. "items examined" is the Query's ScannedCount: one page (default limit 20)`,
      `  of the name index, whatever the district's size. q=zhuge finds the same 5 persons at both sizes: its ratio is the scaling.`,
    ].join('\n');
    return { rows, ratios, registration, text };
  } finally {
    harness.destroy();
  }
}

async function registerAll(harness: Harness, districts: District[], random: () => number, log: (line: string) => void) {
  const jobs = districts.flatMap((district) =>
    district.names.map((name) => ({
      district: district.code,
      body: registeredPerson(district.code, {
        name,
        aliases: [],
        sex: random() < 0.5 ? 'male' : 'female',
        birthYear: 1930 + Math.floor(random() * 70),
        guardians: [],
        riskFactors: random() < 0.5 ? ['dementia'] : ['repeat_rough_sleeper'],
      }),
    })),
  );
  const admins = new Map(await Promise.all(districts.map(async (d) => [d.code, await harness.as('admin', d.code)] as const)));
  harness.requests.reset();
  const started = now();
  let done = 0;
  await mapConcurrent(jobs, REGISTER_CONCURRENCY, async (job) => {
    await harness.expect(201, 'POST', '/v1/persons', admins.get(job.district) ?? {}, job.body, harness.newKey());
    done += 1;
    if (done % 500 === 0) log(`  registered ${done}/${jobs.length}`);
  });
  const elapsed = now() - started;
  harness.recorder.take();
  const byCommand = harness.requests.byCommand();
  return {
    persons: jobs.length,
    ms: elapsed,
    requestsPerPerson: harness.requests.total() / jobs.length,
    breakdown: Object.entries(byCommand)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => `${name} ${(count / jobs.length).toFixed(2)}`)
      .join(', '),
    scan: 'Scan' in byCommand,
  };
}
