/**
 * `npm run bench`: the performance budgets of ARCHITECTURE.md, measured in one run.
 *
 *   1. API bundle size (built as the CDK stack builds it) and its heaviest inputs
 *   2. Simulated cold start against an empty handler, side by side
 *   3. DynamoDB round trips per API call, by command
 *   4. Name search latency at 200 and 2,000 persons in a district
 *   5. Write units per encounter
 *   6. Campaign visit list for 5,000 register members and 2,000 sleeping spots: requests and time
 *
 * Prints tables, writes bench/results.json. Exits 1 only when a section fails, a ratio budget is
 * broken (cold start > 2× the empty handler) or a Scan is seen; timings alone never fail the run.
 */

// Set before the app's modules load: the logger reads its level once. One INFO line per request
// would bury the tables; warnings and errors still show. The SDK's notice about future Node
// versions is noise here (the SDK minor is pinned in the lockfile).
process.env['LOG_LEVEL'] ??= 'WARN';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

await import('./main.js');
