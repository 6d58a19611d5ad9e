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

@description('Object id of the deploying user: gets data access for local development and Durable Functions Monitor. Empty: none.')
param principalId string = ''

@description('Kind of that principal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Object id of the dialer\'s identity, which publishes to the dialer topic. Empty: grant it later (docs/deploy.md).')
param dialerPrincipalId string = ''

@description('Email address that receives operator alerts. Empty: no alert rule.')
param operatorEmail string = ''

@description('Callback pool, comma-separated: E.164 numbers already acquired on the ACS resource. They seed the pool and filter IncomingCall events.')
param poolNumbers string = ''

@description('Where ACS keeps data at rest.')
param dataLocation string = 'United States'

@description('Always-ready instances for the durable group and the HTTP group (the Event Grid webhooks).')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int = 1

@description('Minutes the callback number stays leased after the call ends.')
@minValue(1)
param callbackWindowMinutes int = 60

@description('Hours to wait for the call\'s end before restoring presence and alerting.')
@minValue(1)
@maxValue(24)
param callEndDeadlineHours int = 4

@description('Whether 933 test calls email the contacts.')
param notifyOnTestCalls bool = false

@description('Days after which finished lifecycles (with personal data) are purged.')
@minValue(1)
@maxValue(365)
param retentionDays int = 30

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
var deploymentContainerName = 'app-package-${resourceToken}'
var taskHubName = 'EmergencyFlow${resourceToken}'

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
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    systemTopicName: 'evgst-acs-${resourceToken}'
    dialerTopicName: dialerTopicName
    acsId: communication.outputs.id
    location: location
    tags: tags
  }
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
    emergencyFlowSettings: {
      EmergencyFlow__AcsEndpoint: communication.outputs.endpoint
      EmergencyFlow__SenderAddress: communication.outputs.senderAddress
      EmergencyFlow__TableServiceUri: storage.outputs.tableEndpoint
      EmergencyFlow__TableName: 'emergencyflow'
      // Graph presence sessions are keyed by the calling application: the app's managed identity.
      EmergencyFlow__PresenceApplicationId: identity.outputs.clientId
      EmergencyFlow__ManagedIdentityClientId: identity.outputs.clientId
      EmergencyFlow__CallbackWindowMinutes: string(callbackWindowMinutes)
      EmergencyFlow__CallEndDeadlineHours: string(callEndDeadlineHours)
      EmergencyFlow__NotifyOnTestCalls: string(notifyOnTestCalls)
      EmergencyFlow__SeedPoolNumbers: replace(poolNumbers, ' ', '')
      EmergencyFlow__RetentionDays: string(retentionDays)
    }
  }
}

var appRoles = [
  { roleName: 'Storage Blob Data Owner', scope: 'storage' }
  { roleName: 'Storage Queue Data Contributor', scope: 'storage' }
  { roleName: 'Storage Table Data Contributor', scope: 'storage' }
  { roleName: 'Monitoring Metrics Publisher', scope: 'insights' }
  // Entra ID access to ACS Email and Call Automation, on the ACS resource only.
  { roleName: 'Contributor', scope: 'communication' }
]

var developerRoles = [
  { roleName: 'Storage Blob Data Owner', scope: 'storage' }
  { roleName: 'Storage Queue Data Contributor', scope: 'storage' }
  { roleName: 'Storage Table Data Contributor', scope: 'storage' }
  { roleName: 'Contributor', scope: 'communication' }
]

var appAssignments = map(appRoles, r => { principalId: identity.outputs.principalId, principalType: 'ServicePrincipal', roleName: r.roleName, scope: r.scope })
var deadLetterAssignments = map([eventGrid.outputs.systemTopicPrincipalId, eventGrid.outputs.dialerTopicPrincipalId], id => { principalId: id, principalType: 'ServicePrincipal', roleName: 'Storage Blob Data Contributor', scope: 'storage' })
var dialerAssignments = empty(dialerPrincipalId) ? [] : [{ principalId: dialerPrincipalId, principalType: 'ServicePrincipal', roleName: 'EventGrid Data Sender', scope: 'dialerTopic' }]
var developerAssignments = empty(principalId) ? [] : map(developerRoles, r => { principalId: principalId, principalType: principalType, roleName: r.roleName, scope: r.scope })

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

@description('Verified sender address.')
output EMAIL_SENDER_ADDRESS string = communication.outputs.senderAddress

@description('Event Grid system topic on ACS.')
output ACS_SYSTEM_TOPIC_NAME string = eventGrid.outputs.systemTopicName

@description('Dialer custom topic.')
output DIALER_TOPIC_NAME string = eventGrid.outputs.dialerTopicName

@description('Endpoint the dialer publishes its events to (Entra ID auth).')
output DIALER_TOPIC_ENDPOINT string = eventGrid.outputs.dialerTopicEndpoint

@description('Callback pool numbers, comma-separated (the IncomingCall filter).')
output POOL_NUMBERS string = replace(poolNumbers, ' ', '')

@description('Application Insights connection string (ingestion requires Entra ID).')
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
