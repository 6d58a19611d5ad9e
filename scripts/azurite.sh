#!/usr/bin/env bash
# Installs Azurite (the Azure Storage emulator, an npm package) into .tools/ if it is missing, then
# starts it on 127.0.0.1 with its data in .azurite/. The Functions host needs it under Core Tools
# (AzureWebJobsStorage=UseDevelopmentStorage=true); the local host does not.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ ! -x "$root/.tools/node_modules/.bin/azurite" ]]; then
  echo "Installing azurite into $root/.tools (npm)…"
  npm install --silent --prefix "$root/.tools" azurite@3
fi
exec "$root/.tools/node_modules/.bin/azurite" --silent --location "$root/.azurite" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 "$@"
