// One storage account for the app's data and the Functions host: the event tables, blob containers and file
// share of the configuration map, and the container Flex Consumption deploys the app package from. Shared-key
// access is off, so every client (the app, the host, the platform's deployment) signs in with Entra ID.
param name string
param location string
param tags object

@description('Tables to create: event tables of the Table store and the publish intents table.')
param tableNames array

@description('Blob containers to create: Append Blob streams, aggregate snapshots, projection snapshots.')
param blobContainerNames array

@description('File shares to create for the File Share store.')
param fileShareNames array

param deploymentContainerName string

@description('The principal that reads and writes all of it: the Function App identity.')
param principalId string

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: { publicAccess: 'None' }
  }
]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource shares 'Microsoft.Storage/storageAccounts/fileServices/shares@2025-01-01' = [
  for shareName in fileShareNames: {
    parent: fileService
    name: shareName
    properties: {
      accessTier: 'TransactionOptimized' // many small writes and reads
      shareQuota: 100 // GiB: a cap on growth; pay-as-you-go bills the bytes used
    }
  }
]

// The built-in roles the identity needs, on this account only (it holds nothing but this app and its host).
// No queue role: nothing uses queues (no queue or blob triggers; the timer's singleton lock is a blob lease).
var roleDefinitionIds = [
  // Storage Blob Data Owner: the Functions host's documented minimum for AzureWebJobsStorage (locks, keys,
  // the deployment package); it also covers the app's containers (streams, snapshots, projections)
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Storage Table Data Contributor: event tables (created when an aggregate type first appears), publish
  // intents, and the host's diagnostic events
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Storage File Data Privileged Contributor: Azure Files over REST with OAuth (requests declare the backup
  // intent; the SMB share roles do not apply to REST)
  '69566ab7-960f-475b-8e7c-b3118f30c6bd'
]

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleDefinitionId in roleDefinitionIds: {
    name: guid(account.id, principalId, roleDefinitionId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
