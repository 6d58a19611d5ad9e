// Every role assignment of the deployment, by role name. Each scope has one loop over the same
// typed list; no role block is written twice.

@description('One role assignment.')
type roleAssignment = {
  @description('Object id of the principal.')
  principalId: string

  @description('Kind of principal.')
  principalType: 'User' | 'Group' | 'ServicePrincipal'

  @description('Built-in role name.')
  roleName: 'Storage Blob Data Owner' | 'Storage Blob Data Contributor' | 'Storage Queue Data Contributor' | 'Storage Table Data Contributor' | 'Monitoring Metrics Publisher' | 'Contributor' | 'EventGrid Data Sender'

  @description('The resource the role is granted on.')
  scope: 'storage' | 'communication' | 'insights' | 'dialerTopic'
}

@description('Storage account name.')
param storageAccountName string

@description('ACS resource name.')
param acsName string

@description('Application Insights name.')
param insightsName string

@description('Dialer custom topic name.')
param dialerTopicName string

@description('The assignments to make.')
param assignments roleAssignment[]

var roleIds = {
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb'
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
  'EventGrid Data Sender': 'd5a91429-5739-47e2-a06b-3470a27159e7'
}

var properties = [for a in assignments: {
  roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[a.roleName])
  principalId: a.principalId
  principalType: a.principalType
}]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
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
