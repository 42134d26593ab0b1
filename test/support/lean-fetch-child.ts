/**
 * Runs in a fresh Node process (bundled, no loader): imports the API bundle, sends it the events in
 * the file LEAN_EVENTS_FILE one after another, and prints what each answered and whether undici was ever loaded.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean }>;
const undiciLoaded = () => (process as unknown as { moduleLoadList: string[] }).moduleLoadList.some((entry) => entry.includes('undici'));

async function main() {
  const bundle = process.argv[2];
  if (!bundle) throw new Error('usage: child <bundle.mjs>');
  const events = JSON.parse(readFileSync(process.env['LEAN_EVENTS_FILE'] ?? '', 'utf8')) as unknown[];
  const mod = (await import(pathToFileURL(bundle).href)) as { handler: Handler };
  const answers = [];
  for (const event of events) answers.push(await mod.handler(event, { awsRequestId: 'lean', functionName: 'lean', getRemainingTimeInMillis: () => 10_000 }));
  process.stdout.write(`${JSON.stringify({ undiciLoaded: undiciLoaded(), answers })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
