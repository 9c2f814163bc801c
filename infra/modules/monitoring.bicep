// Application Insights on a Log Analytics workspace. Local (instrumentation key) authentication is off, so only
// an Entra ID principal holding Monitoring Metrics Publisher (the app's identity) can send telemetry.
param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

@description('The principal that sends telemetry: the Function App identity.')
param principalId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output applicationInsightsName string = applicationInsights.name
// Not a secret: it names the resource, and with local auth off it cannot send telemetry without an Entra token.
output connectionString string = applicationInsights.properties.ConnectionString
