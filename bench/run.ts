/**
 * `npm run bench`: the performance budgets of ARCHITECTURE.md, measured in one run.
 *
 *   1. Bundle size of each function (built as the CDK stack builds it), the API's heaviest inputs
 *   2. Simulated cold start against the floor (document client + one GetItem), side by side
 *   3. DynamoDB round trips per API call, by command
 *   4. Name search latency at 200 and 2,000 persons in a district
 *   5. Write units per encounter
 *   6. Campaign visit list for 5,000 register members and 2,000 sleeping spots: requests and time
 *   7. Local load at 10 and 50 connections beside raw DynamoDB Local calls
 *   8. Family-tracing matching: recall, precision and cost over 100,000 open reports
 *
 * Prints tables, writes bench/results.json and the README's bench block. Exits 1 when a section
 * fails, a ratio budget is broken (cold start > 1.3× the floor, encounter writes < 0.5× raw
 * TransactWriteItems), a request under load gets a 5xx, an encounter is lost or stored twice, or a
 * Scan is seen; absolute timings alone never fail the run.
 */

// Set before the app's modules load: the logger reads its level once. One INFO line per request
// would bury the tables; warnings and errors still show. The SDK's notice about future Node
// versions is noise here (the SDK minor is pinned in the lockfile).
process.env['LOG_LEVEL'] ??= 'WARN';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

await import('./main.js');
