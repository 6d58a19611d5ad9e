#!/bin/sh
# azd postdeploy hook: creates the Event Grid subscriptions now that the functions exist.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
eval "$(azd env get-values)"
az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name emergencyflow-subscriptions \
  --template-file "$root/infra/bicep/subscriptions.bicep" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
               systemTopicName="$ACS_SYSTEM_TOPIC_NAME" \
               dialerTopicName="$DIALER_TOPIC_NAME" \
               storageAccountName="$STORAGE_ACCOUNT_NAME" \
               poolNumbers="${POOL_NUMBERS:-}" \
  --output none
echo "Event Grid subscriptions are in place for $AZURE_FUNCTION_APP_NAME."
