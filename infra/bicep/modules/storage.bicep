@description('Storage account name (task hub, deployment package, tables, dead letters).')
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags object

@description('Blob container holding the function app package (Flex Consumption deployment).')
param deploymentContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // Keyless: every client (the app, Event Grid dead-lettering, operators) uses Entra ID.
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// One container each: the app package, Event Grid dead letters, Durable Functions Monitor tab templates.
resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in [deploymentContainerName, 'deadletter', 'durable-functions-monitor']: {
  parent: blobs
  name: container
  properties: {
    publicAccess: 'None'
  }
}]

@description('Storage account name.')
output name string = storage.name

@description('Storage account resource id.')
output id string = storage.id

@description('Blob endpoint.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Table endpoint (agents directory, template, step memory).')
output tableEndpoint string = storage.properties.primaryEndpoints.table
