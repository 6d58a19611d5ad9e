#!/bin/sh
# azd postprovision hook: writes local.settings.json at the repository root from the deployment's
# outputs, so `func start` (src/Functions) runs against the provisioned ACS and tables with your
# `az login` identity, while the task hub stays in Azurite. Never committed (.gitignore).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/local.settings.json"
eval "$(azd env get-values)"
cat > "$out" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AzureWebJobsStorage": "UseDevelopmentStorage=true",
    "TASKHUB_NAME": "EmergencyFlowLocal",
    "EmergencyFlow__AcsEndpoint": "${ACS_ENDPOINT}",
    "EmergencyFlow__SenderAddress": "${EMAIL_SENDER_ADDRESS}",
    "EmergencyFlow__TableServiceUri": "${TABLE_SERVICE_URI}",
    "EmergencyFlow__TableName": "emergencyflowlocal",
    "EmergencyFlow__PresenceApplicationId": "${MANAGED_IDENTITY_CLIENT_ID}",
    "EmergencyFlow__ManagedIdentityClientId": "",
    "EmergencyFlow__CallbackWindowMinutes": "60",
    "EmergencyFlow__CallEndDeadlineHours": "4",
    "EmergencyFlow__NotifyOnTestCalls": "false",
    "EmergencyFlow__SeedPoolNumbers": "${POOL_NUMBERS:-}",
    "EmergencyFlow__RetentionDays": "30"
  }
}
JSON
echo "Wrote $out from the azd environment '${AZURE_ENV_NAME}'."
