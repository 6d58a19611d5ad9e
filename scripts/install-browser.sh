#!/usr/bin/env bash
# Installs Debian's chromium with apt when /usr/bin/chromium is missing; does nothing otherwise.
# The browser test (tests/Browser.Tests) drives it through Playwright: Playwright's own browser
# download is not used. Needs root (or sudo) for apt-get; safe to run any number of times.
set -euo pipefail
browser=/usr/bin/chromium
if [[ -x "$browser" ]]; then
  echo "chromium is installed: $browser"
  exit 0
fi

run() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
echo "Installing chromium with apt-get…"
export DEBIAN_FRONTEND=noninteractive
run apt-get update
run apt-get install -y chromium
test -x "$browser" || { echo "error: apt installed chromium but $browser is missing" >&2; exit 1; }
echo "chromium is installed: $browser"
