@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Resource tags (the app also gets azd-service-name).')
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account for AzureWebJobsStorage (task hub) and the deployment package.')
param storageAccountName string

@description('Blob endpoint of that account.')
param blobEndpoint string

@description('Container with the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Durable task hub name.')
param taskHubName string

@description('Always-ready instances for the durable group and the HTTP group (the Event Grid webhooks and the ops API): an emergency never waits for a cold start.')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int = 1

@description('Settings the app reads (EmergencyFlow__*), merged into the platform settings. Nothing secret: they are visible in the deployment\'s inputs.')
param emergencyFlowSettings object

@description('Key the ops API checks in the x-ops-key header (app setting EmergencyFlow__OpsKey).')
@secure()
param opsKey string

@description('Resource id of a subnet (delegated to Microsoft.App/environments) for virtual network integration; needed when the storage firewall is on. Empty: none.')
param appSubnetId string = ''

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var platformSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  TASKHUB_NAME: taskHubName
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
        // Flex Consumption scales all HTTP triggers as one group, so the Event Grid webhooks are kept
        // warm through 'http' (a 'function:<name>' entry applies to non-HTTP triggers only).
        alwaysReady: [for group in ['durable', 'http']: {
          name: group
          instanceCount: alwaysReadyInstances
        }]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // The whole collection is replaced on each deployment: every setting the app reads is here.
      appSettings: [for setting in items(union(platformSettings, emergencyFlowSettings, { EmergencyFlow__OpsKey: opsKey })): {
        name: setting.key
        value: setting.value
      }]
    }
  }
}

// Deployments (azd, Core Tools) sign in with Entra ID; the FTP and SCM basic-auth publishing
// credentials are a second, password-based way in, so they are switched off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Function app name.')
output name string = app.name

@description('Function app resource id (Event Grid destinations).')
output id string = app.id

@description('Default host name.')
output hostName string = app.properties.defaultHostName
