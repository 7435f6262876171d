#!/usr/bin/env bash
# Runs every test: type check, lint, vitest (unit + integration on PGlite and Postgres), Playwright.
# Installs Debian's Chromium and starts the local Postgres when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium (end-to-end tests drive it)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "== starting the local Postgres"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

echo "== type check"
npx tsc --noEmit -p .
echo "== lint"
npx eslint .
# Built first: the page matrix (server/access/pageMatrix.test.ts) serves the built pages too.
echo "== build for the page matrix and end-to-end"
npx next build
echo "== vitest"
npx vitest run
if [ -f playwright.config.ts ]; then
  echo "== playwright (Debian chromium)"
  npx playwright test
fi
