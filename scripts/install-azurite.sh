#!/usr/bin/env bash
# Installs Azurite (the Azure Storage emulator, an npm package) into the git-ignored .tools/ unless it is
# already there, and prints the path of its executable. Idempotent: CI calls it before the tests (the
# Engine tests start their own Azurite from .tools/); scripts/azurite.sh calls it before starting one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
azurite="$root/.tools/node_modules/.bin/azurite"
if [[ ! -x "$azurite" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm is not on PATH (Node.js 20 or later installs Azurite)" >&2
    exit 1
  fi
  echo "Installing azurite@3 into $root/.tools (npm)…" >&2
  npm install --silent --no-audit --no-fund --prefix "$root/.tools" azurite@3 >&2
fi
echo "$azurite"
