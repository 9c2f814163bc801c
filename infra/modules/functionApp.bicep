// The Function App on the Flex Consumption plan (Linux, Node 22), running as the user-assigned identity. Every
// connection is identity-based (<NAME>__accountName or __fullyQualifiedNamespace, + __credential + __clientId,
// the Functions conventions that src/config/connections.ts follows too), so no key or connection string is
// stored in the app settings. Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME
// and FUNCTIONS_EXTENSION_VERSION are not app settings here.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string

@description('URL of the blob container the plan deploys the app package from.')
param deploymentContainerUrl string

@description('e.g. sb-demo-abc.servicebus.windows.net')
param serviceBusNamespace string

param applicationInsightsConnectionString string
param eventsTopicName string
param projectionsSubscriptionName string
param workflowsSubscriptionName string
param workflowTimersQueueName string
param transferApprovalTimeoutInMs string
param rebuildQueueName string
param configurationMap object
param publishSweepSchedule string
param maximumInstanceCount int

@description('Client (application) id of the Entra ID app registration App Service authentication signs users in with.')
param authClientId string

@description('Tenant of that app registration.')
param authTenantId string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true } // Linux
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' }) // azd deploys the `api` service of azure.yaml here
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // The Functions host's own storage: locks, function keys
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // The connection the configuration map's stores name (same account; the code uses blob, table and file)
        { name: 'EventStorage__accountName', value: storageAccountName }
        { name: 'EventStorage__credential', value: 'managedidentity' }
        { name: 'EventStorage__clientId', value: identityClientId }
        // The connection of the publisher and the projections trigger
        { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: serviceBusNamespace }
        { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
        { name: 'ServiceBusConnection__clientId', value: identityClientId }
        // Telemetry signed in with Entra ID (local auth is off on the Application Insights resource)
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // The host refuses bodies over the app's limit (MAX_BODY_BYTES, 1 MiB) before the app sees them.
        { name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', value: '1048576' }
        // Everything src/config/settings.ts reads (a blank ConfigurationMap means the shipped map)
        { name: 'ConfigurationMap', value: empty(configurationMap) ? '' : string(configurationMap) }
        { name: 'EventsTopicName', value: eventsTopicName }
        { name: 'ProjectionsSubscriptionName', value: projectionsSubscriptionName }
        { name: 'CommandRetryLimit', value: '10' }
        { name: 'PublishSweepAfterInMs', value: '30000' }
        { name: 'PublishLingerInMs', value: '10' }
        { name: 'PublishIntentExpiryInMs', value: '600000' }
        { name: 'StoreDeadlineInMs', value: '5000' }
        { name: 'MessageRetryForInMs', value: '240000' }
        // The workflow engine: its subscription (a trigger's %WorkflowsSubscriptionName%), its timers queue
        // (%WorkflowTimersQueueName%), the tries of a failing command before an instance is stuck
        { name: 'WorkflowsSubscriptionName', value: workflowsSubscriptionName }
        { name: 'WorkflowTimersQueueName', value: workflowTimersQueueName }
        { name: 'WorkflowCommandAttempts', value: '8' }
        { name: 'TransferApprovalTimeoutInMs', value: transferApprovalTimeoutInMs }
        // The explorer (/api/ui) answers only users App Service authentication signed in (authSettings below)
        { name: 'ExplorerAccess', value: 'app-service-authentication' }
        { name: 'RebuildQueueName', value: rebuildQueueName }
        { name: 'RebuildSettleInMs', value: '10000' }
        // GET /api/health answers 503 once a projection lags, or a publish intent waits, longer than these
        { name: 'HealthProjectionLagLimitInMs', value: '60000' }
        { name: 'HealthPublishBacklogLimitInMs', value: '120000' }
        // The publish sweeper timer's %PublishSweepSchedule%
        { name: 'PublishSweepSchedule', value: publishSweepSchedule }
        // The dead-letter replay timer's %DeadLetterReplaySchedule%: once a minute
        { name: 'DeadLetterReplaySchedule', value: '0 * * * * *' }
      ]
    }
  }
}

// App Service authentication (Easy Auth) with Entra ID in front of every route but the health probe: a browser
// signs in (the explorer, /api/ui), programmatic callers present an access token for the app registration and,
// on the keyed routes, their function key too. Without a client secret the sign-in uses ID tokens, so the app
// registration must issue them (README: Deploy to Azure). The app's ExplorerAccess check refuses the explorer's
// routes to anything this did not sign in.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      // A browser is sent to the sign-in page (and comes back to where it was going); the explorer shows a call
      // that was redirected there as "sign in again".
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/api/health' // the anonymous health probe
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: 'https://login.microsoftonline.com/${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${authClientId}'
            authClientId
          ]
        }
      }
    }
    login: { tokenStore: { enabled: false } }
    httpSettings: { requireHttps: true }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
