// Everything the app needs in Azure, in one resource group: a storage account for the event stores, snapshots,
// projections and the Functions host; a Service Bus topic for published events; a Function App on Flex
// Consumption that reaches both through a user-assigned managed identity (no keys anywhere); Application
// Insights on Log Analytics. Deploy with `az deployment group create` or `azd up` (README: Deploy to Azure).
//
// No Bicep compiler runs in this repository's tests: test/integration/drift.test.ts reads these files as text
// and checks names and app settings against the code. So keep names in plain `param x string = '...'` and
// `var x = [ '...' ]` declarations, pass them to modules under the same name, and write app settings as
// one-line `{ name: '...', value: ... }` entries.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(20)
@description('Names this deployment (azd passes its environment name); every resource name derives from it.')
param environmentName string

@description('Region of every resource; it must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('The Service Bus topic every stored event is published to (app setting EventsTopicName).')
param eventsTopicName string = 'events'

@description('The topic subscription the projections function reads (app setting ProjectionsSubscriptionName).')
param projectionsSubscriptionName string = 'projections'

@description('The topic subscription the workflow engine reads (app setting WorkflowsSubscriptionName).')
param workflowsSubscriptionName string = 'workflows'

@description('The queue the workflows\' durable timers are scheduled on (app setting WorkflowTimersQueueName).')
param workflowTimersQueueName string = 'workflow-timers'

@description('The money-transfer sample: how long a transfer above 10,000 waits for its approval, in ms.')
param transferApprovalTimeoutInMs string = '86400000'
@description('The queue carrying the steps of projection rebuild jobs (app setting RebuildQueueName).')
param rebuildQueueName string = 'projection-rebuilds'

@description('More topic subscriptions, one per downstream system (see README: Deploy to Azure).')
param downstreamSubscriptionNames array = []

@description('A configuration map (the JSON of src/config/configurationMap.json) replacing the shipped one; {} keeps the shipped map.')
param configurationMap object = {}

@description('NCRONTAB schedule, with seconds, of the publish sweeper (app setting PublishSweepSchedule).')
param publishSweepSchedule string = '*/30 * * * * *'

@description('Most instances the Flex Consumption plan may run at once.')
param maximumInstanceCount int = 40

@minLength(36)
@maxLength(36)
@description('Client (application) id of the Entra ID app registration that App Service authentication signs users in with (README: Deploy to Azure). Required: nothing but the health probe is open to the internet.')
param authClientId string

@description('Tenant of that app registration (default: the deployment\'s).')
param authTenantId string = tenant().tenantId

// The tables, blob containers and file share the shipped configuration map uses on its EventStorage connection
// (src/config/configurationMap.json with defaults applied). The drift test derives the same lists from the map.
// The Table store creates a missing table and the blob stores a missing container, but the share must exist
// before the app runs: Azure Files has long accepted OAuth tokens for files and directories only.
var tableNames = [
  'eventsBankAccount' // Table store: tablePrefix "events" + aggregate type bank.account
  'eventsBankTransfer' // bank.transfer (the "*" entry)
  'eventsWorkflowMoneyTransfer' // the money-transfer workflow's instances (the "*" entry)
  'publishintents' // publishIntents.table
]
var blobContainerNames = [
  'event-streams' // Append Blob store (diary.item)
  'snapshots' // aggregate snapshots: every implementation's snapshotContainer
  'projections' // projection snapshots: projections.container
]
var fileShareNames = [
  'event-streams' // File Share store (fleet.vehicle)
]

// Flex Consumption runs the app package from this container (same account, read with the identity).
var deploymentContainerName = 'app-package'

var token = uniqueString(subscription().id, resourceGroup().id, environmentName)
var tags = { 'azd-env-name': environmentName }

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${environmentName}-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${environmentName}-${token}'
    applicationInsightsName: 'appi-${environmentName}-${token}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    tableNames: tableNames
    blobContainerNames: blobContainerNames
    fileShareNames: fileShareNames
    deploymentContainerName: deploymentContainerName
    principalId: identity.outputs.principalId
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'serviceBus'
  params: {
    name: 'sb-${environmentName}-${token}'
    location: location
    tags: tags
    eventsTopicName: eventsTopicName
    projectionsSubscriptionName: projectionsSubscriptionName
    workflowsSubscriptionName: workflowsSubscriptionName
    workflowTimersQueueName: workflowTimersQueueName
    downstreamSubscriptionNames: downstreamSubscriptionNames
    rebuildQueueName: rebuildQueueName
    principalId: identity.outputs.principalId
  }
}

// Its inputs come from the other modules' outputs, so the app is created after its role assignments.
module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  params: {
    name: 'func-${environmentName}-${token}'
    planName: 'plan-${environmentName}-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    eventsTopicName: eventsTopicName
    projectionsSubscriptionName: projectionsSubscriptionName
    workflowsSubscriptionName: workflowsSubscriptionName
    workflowTimersQueueName: workflowTimersQueueName
    transferApprovalTimeoutInMs: transferApprovalTimeoutInMs
    rebuildQueueName: rebuildQueueName
    configurationMap: configurationMap
    publishSweepSchedule: publishSweepSchedule
    maximumInstanceCount: maximumInstanceCount
    authClientId: authClientId
    authTenantId: authTenantId
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
// The route prefix is host.json's extensions.http.routePrefix.
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'
// The explorer, behind App Service authentication; add the redirect URI to the app registration's web platform.
output explorerUrl string = 'https://${functionApp.outputs.defaultHostName}/api/ui/'
output authRedirectUri string = 'https://${functionApp.outputs.defaultHostName}/.auth/login/aad/callback'
output storageAccountName string = storage.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output eventsTopicName string = eventsTopicName
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
output identityClientId string = identity.outputs.clientId
