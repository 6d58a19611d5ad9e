@description('System topic name for the ACS resource.')
param systemTopicName string

@description('Custom topic name for the dialer\'s events.')
param dialerTopicName string

@description('ACS resource id.')
param acsId string

@description('Azure region of the custom topic.')
param location string

@description('Resource tags.')
param tags object

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  location: 'global'
  tags: tags
  identity: {
    // Dead-lettering to storage with Entra ID (no storage key).
    type: 'SystemAssigned'
  }
  properties: {
    source: acsId
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource dialerTopic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: dialerTopicName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    inputSchema: 'EventGridSchema'
    // Keyless publishing: the dialer authenticates with Entra ID (EventGrid Data Sender role).
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

@description('System topic name.')
output systemTopicName string = systemTopic.name

@description('System topic identity (dead-lettering).')
output systemTopicPrincipalId string = systemTopic.identity.principalId

@description('Dialer topic name.')
output dialerTopicName string = dialerTopic.name

@description('Dialer topic id (role scope).')
output dialerTopicId string = dialerTopic.id

@description('Dialer topic endpoint the dialer publishes to.')
output dialerTopicEndpoint string = dialerTopic.properties.endpoint

@description('Dialer topic identity (dead-lettering).')
output dialerTopicPrincipalId string = dialerTopic.identity.principalId
