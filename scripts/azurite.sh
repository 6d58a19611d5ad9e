#!/usr/bin/env bash
# Starts Azurite on 127.0.0.1 with its data in .azurite/, installing it into .tools/ first if it is
# missing (scripts/install-azurite.sh). The Functions host needs it under Core Tools
# (AzureWebJobsStorage=UseDevelopmentStorage=true), and so does the local host when it runs on the
# Azure Storage provider; the local host's default SQLite provider does not.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
azurite=$(bash "$root/scripts/install-azurite.sh")
exec "$azurite" --silent --location "$root/.azurite" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 "$@"
