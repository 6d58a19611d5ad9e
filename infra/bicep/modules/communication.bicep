@description('Azure Communication Services resource name.')
param acsName string

@description('Email Communication Service name.')
param emailServiceName string

@description('Where ACS keeps data at rest (for example "United States", "Europe", "UK").')
param dataLocation string

@description('Resource tags.')
param tags object

@description('Sender user name on the email domain (the part before @).')
param senderUsername string = 'DoNotReply'

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// An Azure-managed domain sends immediately with no DNS work. A custom domain (for a recognisable
// sender) is added and verified after deployment — see docs/deploy.md.
resource domain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource sender 'Microsoft.Communication/emailServices/domains/senderUsernames@2023-04-01' = {
  parent: domain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: 'EmergencyFlow'
  }
}

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: acsName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      domain.id
    ]
  }
}

@description('ACS resource id (system topic source, role scope).')
output id string = acs.id

@description('ACS resource name.')
output name string = acs.name

@description('ACS endpoint for Email and Call Automation (Entra ID auth).')
output endpoint string = 'https://${acs.properties.hostName}'

@description('Verified sender address.')
output senderAddress string = '${sender.properties.username}@${domain.properties.mailFromSenderDomain}'
