import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a real hub (engine + index + built Next pages) on a fresh data dir.
 * `npx next build` runs first (scripts/test.sh); the web server here never builds.
 */
const PORT = Number(process.env.E2E_PORT ?? 3160);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  use: {
    baseURL: BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: the machines here cannot download Playwright's own browsers.
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "api", testMatch: "api/*.spec.ts" },
    { name: "ui", testMatch: "ui/*.spec.ts", use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 1000 } } },
  ],
  webServer: {
    // Every spec signs its people up from 127.0.0.1: more than a real address would in an hour.
    command: `rm -rf .data-e2e && NODE_ENV=production PORT=${PORT} HOST=127.0.0.1 DATA_DIR=.data-e2e HUB_BLOCK_INTERVAL_MS=500 HUB_SIGNUPS_PER_IP_HOUR=200 node --import tsx server/main.ts`,
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
