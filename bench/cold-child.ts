/**
 * Runs in a fresh Node process for the simulated cold start: imports a handler bundle, sends it
 * the events in BENCH_EVENTS one after another, and prints one JSON line of timings (ms), measured
 * from BENCH_SPAWN_AT, the parent's clock reading just before it spawned this process.
 */
import { pathToFileURL } from 'node:url';

const clock = () => performance.timeOrigin + performance.now();
const ready = clock();

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number; body?: string }>;

async function main() {
  const spawnAt = Number(process.env['BENCH_SPAWN_AT']);
  const bundle = process.argv[2];
  if (!bundle || !Number.isFinite(spawnAt)) throw new Error('usage: child <bundle.mjs> with BENCH_SPAWN_AT set');
  const events = JSON.parse(process.env['BENCH_EVENTS'] ?? '[]') as unknown[];

  const mod = (await import(pathToFileURL(bundle).href)) as { handler: Handler };
  const imported = clock();
  const answers: { at: number; status: number | undefined }[] = [];
  for (const event of events) {
    const result = await mod.handler(event, { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 });
    answers.push({ at: clock(), status: result.statusCode });
  }
  process.stdout.write(
    `${JSON.stringify({
      processStartMs: performance.timeOrigin - spawnAt,
      readyMs: ready - spawnAt,
      importMs: imported - ready,
      answers: answers.map((answer) => ({ elapsedMs: answer.at - spawnAt, status: answer.status })),
      memory: { rssBytes: process.memoryUsage.rss(), heapUsedBytes: process.memoryUsage().heapUsed },
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
