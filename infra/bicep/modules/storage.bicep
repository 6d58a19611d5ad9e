@description('Storage account name (task hub, deployment package, tables, dead letters).')
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags object

@description('Blob container holding the function app package (Flex Consumption deployment).')
param deploymentContainerName string

@description('Durable task hub name: its large-message container holds orchestration payloads (personal data).')
param taskHubName string

@description('Days after which Event Grid dead letters and orphaned orchestration payloads are deleted.')
@minValue(1)
@maxValue(365)
param retentionDays int

@description('Public IP ranges (CIDR or single addresses) allowed through the storage firewall, e.g. the machines that run azd deploy. Empty with no subnet: the account accepts every network (still Entra ID only).')
param allowedIpRanges string[] = []

@description('Resource id of the subnet the function app is integrated with (Microsoft.Storage service endpoint enabled). Empty: no virtual network rule.')
param appSubnetId string = ''

// Any rule at all turns the firewall on (default deny); Event Grid's dead-lettering still gets through
// as a trusted service because it writes with the topics' system-assigned identities.
var restricted = !empty(allowedIpRanges) || !empty(appSubnetId)

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
      defaultAction: restricted ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
      ipRules: [for range in allowedIpRanges: {
        value: range
        action: 'Allow'
      }]
      virtualNetworkRules: empty(appSubnetId) ? [] : [
        {
          id: appSubnetId
          action: 'Allow'
        }
      ]
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

// Personal data in blobs is deleted after the retention period. Dead letters are whole events (caller
// numbers, agent ids). Large orchestration payloads are normally removed with their instance by the
// nightly purge; this rule is the backstop, two days later so that a lifecycle still running (at most
// a 24-hour call-end deadline plus a 24-hour callback window) never loses its payload.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-dead-letters'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
                'appendBlob'
              ]
              prefixMatch: [
                'deadletter/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: retentionDays
                }
              }
            }
          }
        }
        {
          name: 'delete-orchestration-payloads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${toLower(taskHubName)}-largemessages/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: retentionDays + 2
                }
              }
            }
          }
        }
      ]
    }
  }
}

@description('Storage account name.')
output name string = storage.name

@description('Storage account resource id.')
output id string = storage.id

@description('Blob endpoint.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Table endpoint (agents directory, template, step memory).')
output tableEndpoint string = storage.properties.primaryEndpoints.table
