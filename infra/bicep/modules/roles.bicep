// Every role assignment of the deployment, by role name. Each scope has one loop over the same
// typed list; no role block is written twice.

@description('One role assignment.')
type roleAssignment = {
  @description('Object id of the principal.')
  principalId: string

  @description('Kind of principal.')
  principalType: 'User' | 'Group' | 'ServicePrincipal'

  @description('Built-in role name, or the custom role defined below.')
  roleName: 'Storage Blob Data Owner' | 'Storage Blob Data Contributor' | 'Storage Queue Data Contributor' | 'Storage Table Data Contributor' | 'Monitoring Metrics Publisher' | 'EventGrid Data Sender' | 'EmergencyFlow Communication Sender'

  @description('The resource the role is granted on: the storage account, only its dead-letter container, ACS, Application Insights or the dialer topic.')
  scope: 'storage' | 'deadLetterContainer' | 'communication' | 'insights' | 'dialerTopic'
}

@description('Storage account name.')
param storageAccountName string

@description('Blob container Event Grid writes dead letters to.')
param deadLetterContainerName string

@description('ACS resource name.')
param acsName string

@description('Application Insights name.')
param insightsName string

@description('Dialer custom topic name.')
param dialerTopicName string

@description('The assignments to make.')
param assignments roleAssignment[]

// ACS has no data actions and no built-in role narrower than Contributor or "Communication and Email
// Service Owner" (both can read the resource's keys and delete it). Microsoft documents these three
// actions as what Entra ID sending needs; they are all this role grants (docs/deploy.md, sources).
resource communicationSender 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'EmergencyFlow Communication Sender')
  properties: {
    roleName: 'EmergencyFlow Communication Sender (${uniqueString(resourceGroup().id)})'
    description: 'Send email and redirect calls through one Azure Communication Services resource with Microsoft Entra ID. No keys, no delete.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

var roleIds = {
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb'
  'EventGrid Data Sender': 'd5a91429-5739-47e2-a06b-3470a27159e7'
  'EmergencyFlow Communication Sender': communicationSender.name
}

var properties = [for a in assignments: {
  roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[a.roleName])
  principalId: a.principalId
  principalType: a.principalType
}]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobs 'blobServices' existing = {
    name: 'default'

    resource deadLetters 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource acs 'Microsoft.Communication/communicationServices@2025-05-01' existing = {
  name: acsName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource dialerTopic 'Microsoft.EventGrid/topics@2022-06-15' existing = {
  name: dialerTopicName
}

resource onStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (a, i) in assignments: if (a.scope == 'storage') {
  name: guid(storage.id, a.principalId, a.roleName)
  scope: storage
  properties: properties[i]
}]

resource onDeadLetterContainer 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (a, i) in assignments: if (a.scope == 'deadLetterContainer') {
  name: guid(storage::blobs::deadLetters.id, a.principalId, a.roleName)
  scope: storage::blobs::deadLetters
  properties: properties[i]
}]

resource onCommunication 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (a, i) in assignments: if (a.scope == 'communication') {
  name: guid(acs.id, a.principalId, a.roleName)
  scope: acs
  properties: properties[i]
}]

resource onInsights 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (a, i) in assignments: if (a.scope == 'insights') {
  name: guid(insights.id, a.principalId, a.roleName)
  scope: insights
  properties: properties[i]
}]

resource onDialerTopic 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (a, i) in assignments: if (a.scope == 'dialerTopic') {
  name: guid(dialerTopic.id, a.principalId, a.roleName)
  scope: dialerTopic
  properties: properties[i]
}]
