// EmergencyFlow in Azure, keyless: Flex Consumption function app with Durable Functions, storage with
// shared keys off, Application Insights, ACS with an email domain, Event Grid topics. The Event Grid
// subscriptions deliver to HTTP functions that must answer Event Grid's validation handshake, which
// they can only do once the code is deployed, so they are in subscriptions.bicep, applied by azd's
// postdeploy hook (docs/deploy.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Environment name (azd): names and tags every resource.')
param environmentName string

@minLength(1)
@description('Region of the function app, storage, monitoring and the dialer topic (one that offers Flex Consumption).')
param location string

@description('Object id of the deploying user or pipeline principal. It gets data-plane roles only with grantDeveloperDataAccess.')
param principalId string = ''

@description('Kind of that principal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Give principalId data access (blobs, queues, tables, ACS sending) for local development and Durable Functions Monitor. Off by default: nobody holds standing access to the personal data.')
param grantDeveloperDataAccess bool = false

@description('Object id of the dialer\'s identity, which publishes to the dialer topic. Empty: grant it later (docs/deploy.md).')
param dialerPrincipalId string = ''

@description('Email address that receives operator alerts. Empty: no alert rules.')
param operatorEmail string = ''

@description('Callback pool seed, comma-separated E.164 numbers already acquired on the ACS resource: added the first time the pool runs. Later changes go through the ops API (PUT /api/ops/pool), with no redeployment.')
param poolNumbers string = ''

@description('Where a callback to a pool number whose lease has ended is sent: the contact centre\'s main number (E.164, e.g. +14255550100) or an ACS raw id (8:acs:…, 8:orgid:…, 4:+…). Required: a late callback must reach a person.')
param callbackFallbackTarget string

@description('Where ACS keeps data at rest.')
param dataLocation string = 'United States'

@description('Custom email domain (e.g. alerts.contoso.com). Empty: only the Azure-managed domain, which sends 5 emails a minute and 10 an hour.')
param emailDomainName string = ''

@description('Set once the custom domain\'s DNS records (output EMAIL_DOMAIN_VERIFICATION_RECORDS) are verified: the domain is then linked and becomes the sender.')
param emailDomainVerified bool = false

@description('Key the ops API checks in the x-ops-key header. azd generates one per environment (scripts/azd/preprovision.sh); it is never output.')
@secure()
@minLength(32)
param opsKey string

@description('Always-ready instances for the durable group and the HTTP group (the Event Grid webhooks).')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int = 1

@description('Minutes the callback number stays leased after the call ends.')
@minValue(1)
@maxValue(1440)
param callbackWindowMinutes int = 60

@description('Hours to wait for the call\'s end before restoring presence and alerting.')
@minValue(1)
@maxValue(24)
param callEndDeadlineHours int = 4

@description('Minutes without any end signal (the dialer\'s OutboundCallEnded.V1; ACS sends no CallEnded for PSTN or Teams) before the operators are alerted that the call may still be running. 0: no such alert.')
@minValue(0)
@maxValue(1440)
param callEndSilenceAlertMinutes int = 30

@description('Whether 933 test calls email the contacts.')
param notifyOnTestCalls bool = false

@description('Days after which finished lifecycles, Event Grid dead letters and orphaned orchestration payloads (all personal data) are deleted.')
@minValue(1)
@maxValue(365)
param retentionDays int = 30

@description('Days Log Analytics and Application Insights keep logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Public IP ranges allowed through the storage firewall, comma-separated (CIDR up to /30, or single addresses): the machines that run azd deploy. Requires appSubnetId. Empty: storage accepts all networks (still Entra ID only).')
param storageAllowedIpRanges string = ''

@description('Resource id of a subnet delegated to Microsoft.App/environments, with the Microsoft.Storage service endpoint: the function app joins it and storage then accepts only that subnet (plus storageAllowedIpRanges). Empty: no virtual network.')
param appSubnetId string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  workload: 'emergencyflow'
}
var functionAppName = 'func-emergencyflow-${resourceToken}'
// Names that role assignments scope to are fixed here rather than read from module outputs, so
// what-if can predict those assignments before anything is deployed.
var storageAccountName = 'st${resourceToken}'
var acsName = 'acs-emergencyflow-${resourceToken}'
var insightsName = 'appi-emergencyflow-${resourceToken}'
var dialerTopicName = 'evgt-dialer-${resourceToken}'
var systemTopicName = 'evgst-acs-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'
var deadLetterContainerName = 'deadletter'
var taskHubName = 'EmergencyFlow${resourceToken}'

// A phone number in E.164: '+' and 7 to 15 digits.
func isE164(value string) bool =>
  startsWith(value, '+') && length(value) >= 8 && length(value) <= 16 && empty(reduce(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], substring(value, 1), (rest, digit) => replace(string(rest), digit, '')))

// ACS raw ids the app accepts as a fallback (its CallbackTarget validation): a phone (4:+…) or an ACS or Teams user (8:…).
func isRawId(value string) bool =>
  (startsWith(value, '4:') && isE164(substring(value, 2))) || (startsWith(value, '8:') && length(value) > 2)

var fallbackTarget = trim(callbackFallbackTarget)
var checkedFallbackTarget = isE164(fallbackTarget) || isRawId(fallbackTarget)
  ? fallbackTarget
  : fail('callbackFallbackTarget must be an E.164 number (+ and 7 to 15 digits, e.g. +14255550100) or an ACS raw id (8:acs:…, 8:orgid:…, 4:+…): a callback to a released pool number is redirected there. Set CALLBACK_FALLBACK_TARGET in the azd environment.')

var seedNumbers = filter(split(replace(poolNumbers, ' ', ''), ','), n => !empty(n))
var checkedSeed = empty(filter(seedNumbers, n => !isE164(n)))
  ? join(seedNumbers, ',')
  : fail('poolNumbers must be E.164 numbers (+ and 7 to 15 digits), comma-separated; ${length(filter(seedNumbers, n => !isE164(n)))} entries are not.')

var ipRanges = filter(split(replace(storageAllowedIpRanges, ' ', ''), ','), r => !empty(r))
var checkedIpRanges = !empty(ipRanges) && empty(appSubnetId)
  ? fail('storageAllowedIpRanges turns the storage firewall on, which would lock the function app out: Flex Consumption has no fixed outbound addresses. Give appSubnetId (virtual network integration) as well.')
  : !empty(filter(ipRanges, r => endsWith(r, '/0') || endsWith(r, '/31') || endsWith(r, '/32')))
      ? fail('storageAllowedIpRanges: every network (/0) is never allowed, and storage takes /31 and /32 as single addresses (write the address without a prefix).')
      : ipRanges

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-emergencyflow-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    taskHubName: taskHubName
    retentionDays: retentionDays
    allowedIpRanges: checkedIpRanges
    appSubnetId: appSubnetId
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    acsName: acsName
    emailServiceName: 'ecs-emergencyflow-${resourceToken}'
    dataLocation: dataLocation
    tags: tags
    emailDomainName: emailDomainName
    emailDomainVerified: emailDomainVerified
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    systemTopicName: systemTopicName
    dialerTopicName: dialerTopicName
    acsId: communication.outputs.id
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-emergencyflow-${resourceToken}'
    applicationInsightsName: insightsName
    location: location
    tags: tags
    operatorEmail: operatorEmail
    logRetentionDays: logRetentionDays
    systemTopicName: systemTopicName
    dialerTopicName: dialerTopicName
  }
  dependsOn: [
    eventGrid
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-emergencyflow-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    taskHubName: taskHubName
    alwaysReadyInstances: alwaysReadyInstances
    appSubnetId: appSubnetId
    opsKey: opsKey
    emergencyFlowSettings: {
      EmergencyFlow__AcsEndpoint: communication.outputs.endpoint
      EmergencyFlow__SenderAddress: communication.outputs.senderAddress
      EmergencyFlow__EmailDomainKind: communication.outputs.emailDomainKind
      EmergencyFlow__TableServiceUri: storage.outputs.tableEndpoint
      // Dead letters too large for a table row are kept whole here (the container's lifecycle rule deletes them after retentionDays).
      EmergencyFlow__DeadLetterContainerUri: '${storage.outputs.blobEndpoint}deadletter'
      EmergencyFlow__TableName: 'emergencyflow'
      // Graph presence sessions are keyed by the calling application: the app's managed identity.
      EmergencyFlow__PresenceApplicationId: identity.outputs.clientId
      // Also the identity the app's own telemetry exporter and every Azure SDK client sign in with.
      EmergencyFlow__ManagedIdentityClientId: identity.outputs.clientId
      EmergencyFlow__CallbackWindowMinutes: string(callbackWindowMinutes)
      EmergencyFlow__CallEndDeadlineHours: string(callEndDeadlineHours)
      EmergencyFlow__CallEndSilenceAlertMinutes: string(callEndSilenceAlertMinutes)
      EmergencyFlow__CallbackFallbackTarget: checkedFallbackTarget
      EmergencyFlow__NotifyOnTestCalls: string(notifyOnTestCalls)
      EmergencyFlow__SeedPoolNumbers: checkedSeed
      EmergencyFlow__RetentionDays: string(retentionDays)
    }
  }
}

var appRoles = [
  // The host's storage (task hub, leases, keys, deployment package): the roles Microsoft documents
  // for AzureWebJobsStorage with an identity.
  { roleName: 'Storage Blob Data Owner', scope: 'storage' }
  { roleName: 'Storage Queue Data Contributor', scope: 'storage' }
  { roleName: 'Storage Table Data Contributor', scope: 'storage' }
  // Entra ID ingestion into Application Insights (local auth is off).
  { roleName: 'Monitoring Metrics Publisher', scope: 'insights' }
  // ACS Email and Call Automation with Entra ID, on the ACS resource only, without its keys.
  { roleName: 'EmergencyFlow Communication Sender', scope: 'communication' }
]

var developerRoles = [
  { roleName: 'Storage Blob Data Contributor', scope: 'storage' }
  { roleName: 'Storage Queue Data Contributor', scope: 'storage' }
  { roleName: 'Storage Table Data Contributor', scope: 'storage' }
  { roleName: 'EmergencyFlow Communication Sender', scope: 'communication' }
]

var appAssignments = map(appRoles, r => { principalId: identity.outputs.principalId, principalType: 'ServicePrincipal', roleName: r.roleName, scope: r.scope })
// Each topic writes its dead letters with its own identity, into the dead-letter container only.
var deadLetterAssignments = map([eventGrid.outputs.systemTopicPrincipalId, eventGrid.outputs.dialerTopicPrincipalId], id => { principalId: id, principalType: 'ServicePrincipal', roleName: 'Storage Blob Data Contributor', scope: 'deadLetterContainer' })
var dialerAssignments = empty(dialerPrincipalId) ? [] : [{ principalId: dialerPrincipalId, principalType: 'ServicePrincipal', roleName: 'EventGrid Data Sender', scope: 'dialerTopic' }]
var developerAssignments = grantDeveloperDataAccess && !empty(principalId) ? map(developerRoles, r => { principalId: principalId, principalType: principalType, roleName: r.roleName, scope: r.scope }) : []

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  // The scopes are passed by name, which carries no dependency on the modules that create them
  // (ACS comes first already: the Event Grid module's outputs are used).
  dependsOn: [
    storage
    monitoring
  ]
  params: {
    storageAccountName: storageAccountName
    deadLetterContainerName: deadLetterContainerName
    acsName: acsName
    insightsName: insightsName
    dialerTopicName: dialerTopicName
    assignments: concat(appAssignments, deadLetterAssignments, dialerAssignments, developerAssignments)
  }
}

@description('Resource group.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Function app name (azd deploys the functions service to it).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Function app host name.')
output FUNCTION_APP_HOST_NAME string = functionApp.outputs.hostName

@description('Client id of the app\'s managed identity.')
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Object id of the app\'s managed identity (Graph presence permissions are granted to it).')
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId

@description('Storage account (task hub, tables, dead letters, Monitor templates).')
output STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Table endpoint.')
output TABLE_SERVICE_URI string = storage.outputs.tableEndpoint

@description('Durable task hub.')
output TASKHUB_NAME string = taskHubName

@description('ACS endpoint.')
output ACS_ENDPOINT string = communication.outputs.endpoint

@description('ACS resource name.')
output ACS_NAME string = communication.outputs.name

@description('Sender address the app uses.')
output EMAIL_SENDER_ADDRESS string = communication.outputs.senderAddress

@description('AzureManaged or Custom: the kind of domain the sender address is on.')
output EMAIL_DOMAIN_KIND string = communication.outputs.emailDomainKind

@description('DNS records to create for the custom email domain (empty without one).')
output EMAIL_DOMAIN_VERIFICATION_RECORDS object = communication.outputs.verificationRecords

@description('Event Grid system topic on ACS.')
output ACS_SYSTEM_TOPIC_NAME string = eventGrid.outputs.systemTopicName

@description('Dialer custom topic.')
output DIALER_TOPIC_NAME string = eventGrid.outputs.dialerTopicName

@description('Endpoint the dialer publishes its events to (Entra ID auth).')
output DIALER_TOPIC_ENDPOINT string = eventGrid.outputs.dialerTopicEndpoint

@description('Application Insights connection string (ingestion requires Entra ID).')
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
