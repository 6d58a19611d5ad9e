#!/bin/sh
# azd postdeploy hook: creates the Event Grid subscriptions now that the webhooks are deployed.
# Event Grid validates each WebHook endpoint when its subscription is created (the function
# answers the handshake), so this cannot run before the code is up. Each webhook's function key goes
# from that function into its subscription inside the deployment; it never passes through this script.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
eval "$(azd env get-values)"

# Wait until the new code answers on the webhook route: without a key a live route says 401 (2xx
# if it were anonymous). Anything else (404 while the functions are indexed, 5xx or 403 while the
# host starts or the app is stopped) means not yet.
url="https://$FUNCTION_APP_HOST_NAME/api/events/calls"
tries=0
while :; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X OPTIONS "$url" || true)
  case "$code" in
    2??|401) break ;;
  esac
  tries=$((tries + 1))
  if [ "$tries" -ge 30 ]; then
    echo "error: $url answered $code for 5 minutes; re-run scripts/azd/postdeploy.sh once the app is up." >&2
    exit 1
  fi
  sleep 10
done

az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name emergencyflow-subscriptions \
  --template-file "$root/infra/bicep/subscriptions.bicep" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
               systemTopicName="$ACS_SYSTEM_TOPIC_NAME" \
               dialerTopicName="$DIALER_TOPIC_NAME" \
               storageAccountName="$STORAGE_ACCOUNT_NAME" \
               callbackNumberPrefixes="${CALLBACK_NUMBER_PREFIXES:-}" \
               webhookKeyName="${WEBHOOK_KEY_NAME:-default}" \
  --output none
echo "Event Grid subscriptions deliver to https://$FUNCTION_APP_HOST_NAME/api/events/{calls,incoming-calls} with each function's own key in x-functions-key."
