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

@description('Custom email domain, e.g. "alerts.contoso.com". Empty: the Azure-managed domain only (5 emails a minute, 10 an hour).')
param emailDomainName string = ''

@description('Whether the custom domain\'s DNS records are in place and verified. ACS links only verified domains, so until then the app keeps sending from the Azure-managed domain.')
param emailDomainVerified bool = false

var custom = !empty(emailDomainName)
var useCustom = custom && emailDomainVerified

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// Always present: it sends with no DNS work, so a new environment (or one whose custom domain is not
// verified yet) can still notify contacts, within the managed domain's small quota.
resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource managedSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2025-05-01' = {
  parent: managedDomain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: 'EmergencyFlow'
  }
}

// The operator creates the DNS records this resource lists (output EMAIL_DOMAIN_VERIFICATION_RECORDS),
// starts verification, then re-provisions with emailDomainVerified (docs/deploy.md).
resource customDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (custom) {
  parent: emailService
  name: custom ? emailDomainName : 'unused'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource customSender 'Microsoft.Communication/emailServices/domains/senderUsernames@2025-05-01' = if (custom) {
  parent: customDomain
  name: toLower(senderUsername)
  properties: {
    username: senderUsername
    displayName: 'EmergencyFlow'
  }
}

resource acs 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: acsName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // Entra ID only: the app's identity holds a role on this resource; no access key works.
    disableLocalAuth: true
    linkedDomains: useCustom ? [managedDomain.id, customDomain.id] : [managedDomain.id]
  }
}

@description('ACS resource id (system topic source, role scope).')
output id string = acs.id

@description('ACS resource name.')
output name string = acs.name

@description('ACS endpoint for Email and Call Automation (Entra ID auth).')
output endpoint string = 'https://${acs.properties.hostName}'

@description('Sender address the app uses: on the custom domain once it is verified, otherwise on the Azure-managed domain.')
output senderAddress string = useCustom
  ? '${customSender!.properties.username}@${customDomain!.properties.fromSenderDomain}'
  : '${managedSender.properties.username}@${managedDomain.properties.fromSenderDomain}'

@description('Which kind of domain the sender address is on (the app warns at start-up on AzureManaged).')
output emailDomainKind string = useCustom ? 'Custom' : 'AzureManaged'

@description('DNS records (Domain, SPF, DKIM, DKIM2, DMARC) that verify the custom domain; empty without one. Not secrets.')
output verificationRecords object = custom ? customDomain!.properties.verificationRecords : {}
