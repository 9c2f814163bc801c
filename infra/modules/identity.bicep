// The user-assigned identity the Function App runs as. Every connection (host storage, event storage, Service
// Bus, Application Insights) authenticates with it, and as it exists before the app, so do its role assignments.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
