#!/bin/sh
# azd postprovision hook: writes local.settings.json at the repository root from the deployment's
# outputs, so `func start` (src/Functions) runs against the provisioned ACS and tables with your
# `az login` identity (grantDeveloperDataAccess must be on), while the task hub stays in Azurite.
# Never committed (.gitignore). The local ops key is a fresh random one, not the environment's.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/local.settings.json"
eval "$(azd env get-values)"
local_ops_key=$(openssl rand -hex 32)
umask 077
cat > "$out" <<JSON
{
  "IsEncrypted": false,
  "Values": {
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "AzureWebJobsStorage": "UseDevelopmentStorage=true",
    "TASKHUB_NAME": "EmergencyFlowLocal",
    "EmergencyFlow__AcsEndpoint": "${ACS_ENDPOINT}",
    "EmergencyFlow__SenderAddress": "${EMAIL_SENDER_ADDRESS}",
    "EmergencyFlow__EmailDomainKind": "${EMAIL_DOMAIN_KIND}",
    "EmergencyFlow__TableServiceUri": "${TABLE_SERVICE_URI}",
    "EmergencyFlow__TableName": "emergencyflowlocal",
    "EmergencyFlow__PresenceApplicationId": "${MANAGED_IDENTITY_CLIENT_ID}",
    "EmergencyFlow__ManagedIdentityClientId": "",
    "EmergencyFlow__OpsKey": "${local_ops_key}",
    "EmergencyFlow__CallbackFallbackTarget": "${CALLBACK_FALLBACK_TARGET}",
    "EmergencyFlow__CallbackWindowMinutes": "60",
    "EmergencyFlow__CallEndDeadlineHours": "4",
    "EmergencyFlow__CallEndSilenceAlertMinutes": "30",
    "EmergencyFlow__NotifyOnTestCalls": "false",
    "EmergencyFlow__SeedPoolNumbers": "${POOL_NUMBERS:-}",
    "EmergencyFlow__RetentionDays": "30"
  }
}
JSON
echo "Wrote $out from the azd environment '${AZURE_ENV_NAME}' (its ops key is local: see EmergencyFlow__OpsKey there)."
if [ "${EMAIL_DOMAIN_KIND}" = "AzureManaged" ]; then
  echo "warning: email goes out from the Azure-managed domain (5 a minute, 10 an hour). Production needs a custom domain: docs/deploy.md#email-domain." >&2
fi
