@description('Name of the user-assigned managed identity the function app runs as.')
param name string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output id string = identity.id

@description('Client id (AZURE_CLIENT_ID for DefaultAzureCredential; the Graph presence session id).')
output clientId string = identity.properties.clientId

@description('Object id of the identity, for role assignments.')
output principalId string = identity.properties.principalId
