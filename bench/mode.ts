/**
 * `npm run bench -- --quick`: a first look in about two minutes. Every section runs, each on a small
 * scale (fewer runs, shorter load slices, 10,000 reports for matching); the ratios are printed
 * against the same budgets, but the run writes neither bench/results.json nor the README's block.
 */
export const quick = process.argv.includes('--quick');

/** The full value, or the quick one under `--quick`. */
export const scale = <T>(full: T, small: T): T => (quick ? small : full);
