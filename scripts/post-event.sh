#!/usr/bin/env bash
# Posts a sample event file to an EmergencyFlow Event Grid webhook: the local host or Core Tools.
#
#   scripts/post-event.sh FILE [BASE_URL]
#
#   FILE      a JSON file from samples/events (Event Grid schema or CloudEvents, single or batch)
#   BASE_URL  default http://127.0.0.1:7071 (both the local host and `func start` listen there)
#
# The webhook is chosen from the event type (IncomingCall -> /api/events/incoming-calls, else /api/events/calls).
# The key comes from EMERGENCYFLOW_KEY, else from the local host's generated keys file.
# Times in the file are moved to now, so a lifecycle behaves as if the call just happened;
# set KEEP_TIMES=1 to send the file as it is.
set -euo pipefail

file=${1:?usage: scripts/post-event.sh FILE [BASE_URL]}
base=${2:-http://127.0.0.1:7071}
root=$(cd "$(dirname "$0")/.." && pwd)

key=${EMERGENCYFLOW_KEY:-}
keys_file="$root/src/LocalHost/.data/keys.json"
if [[ -z "$key" && -f "$keys_file" ]]; then
  key=$(sed -E 's/.*"Webhook":"([^"]+)".*/\1/' "$keys_file")
fi

route=events/calls
if grep -q '"Microsoft.Communication.IncomingCall"' "$file"; then
  route=events/incoming-calls
fi

content_type=application/json
if grep -q '"specversion"' "$file"; then
  content_type=application/cloudevents+json
  if [[ $(tr -d '[:space:]' < "$file" | cut -c1) == "[" ]]; then content_type=application/cloudevents-batch+json; fi
fi

body=$(cat "$file")
if [[ -z "${KEEP_TIMES:-}" ]]; then
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  body=$(printf '%s' "$body" | sed -E "s/20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/$now/g")
fi

curl --silent --show-error --fail-with-body \
  -X POST "$base/api/$route" \
  -H "Content-Type: $content_type" \
  -H "aeg-event-type: Notification" \
  ${key:+-H "x-functions-key: $key"} \
  --data-binary "$body"
echo
