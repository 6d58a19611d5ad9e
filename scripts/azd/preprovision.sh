#!/bin/sh
# azd preprovision hook: makes sure this azd environment has an ops key (OPS_KEY), the value of the
# secure parameter opsKey (app setting EmergencyFlow__OpsKey, checked by the ops API in x-ops-key).
# It is generated once per environment and kept in the environment's .env (.azure/, gitignored);
# it is never printed. Rotate it: `azd env set OPS_KEY "$(openssl rand -hex 32)"` and `azd provision`.
set -eu
eval "$(azd env get-values)"

if [ -z "${OPS_KEY:-}" ]; then
  command -v openssl >/dev/null 2>&1 || { echo "error: openssl is needed to generate the ops key" >&2; exit 1; }
  azd env set OPS_KEY "$(openssl rand -hex 32)" >/dev/null
  echo "Generated an ops key for the azd environment '${AZURE_ENV_NAME}' (OPS_KEY; read it with 'azd env get-value OPS_KEY')."
fi

if [ -z "${CALLBACK_FALLBACK_TARGET:-}" ]; then
  echo "error: set CALLBACK_FALLBACK_TARGET (the contact centre's main number in E.164, or an ACS raw id):" >&2
  echo "       a callback to a pool number whose lease has ended is redirected there. See docs/deploy.md." >&2
  exit 1
fi
