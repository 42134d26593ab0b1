import { defineConfig } from 'vitest/config';

// The SDK minor is pinned in the lockfile, so its notice about future Node versions is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // A local server started by a test asks a closed port for forecasts: no test reaches the network.
    env: { NODE_ENV: 'test', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', OUTREACH_FORECAST_URL: 'http://127.0.0.1:9/v1/forecast' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
