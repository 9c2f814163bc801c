// The Service Bus namespace (Standard: the lowest tier with topics) with the events topic and its subscriptions,
// and the queue of the workflows' durable timers. Local (SAS) authentication is off: the Function App identity
// may send to the topic, receive from its own subscriptions, and send to and receive from the timers queue.
param name string
param location string
param tags object
param eventsTopicName string
param projectionsSubscriptionName string
param workflowsSubscriptionName string
param workflowTimersQueueName string
param downstreamSubscriptionNames array
param rebuildQueueName string

@description('The principal that publishes and runs projections: the Function App identity.')
param principalId string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    minimumTlsVersion: '1.2'
    disableLocalAuth: true
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: eventsTopicName
  properties: {
    // Message ids are event ids: an event published again (sweeper, retry) within the window is dropped.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    defaultMessageTimeToLive: 'P14D'
  }
}

resource projectionsSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = {
  parent: topic
  name: projectionsSubscriptionName
  properties: {
    maxDeliveryCount: 10 // a message that fails ten times moves to the dead-letter queue
    deadLetteringOnMessageExpiration: true
    lockDuration: 'PT1M' // host.json renews the lock for up to five minutes
  }
}

// The workflow engine's subscription: only the events some workflow reacts to, by the application properties
// every event carries. The filter is what src/workflows/subscription.ts derives from the workflow definitions
// (the drift test checks this text, src/local/serviceBusEntities.json and the code agree).
// Like every subscription's, it takes live events (no replayTarget) and replays meant for it, nothing else.
var workflowEventsFilter = '(replayTarget IS NULL OR replayTarget = \'${workflowsSubscriptionName}\') AND ((aggregateType = \'bank.transfer\' AND eventType IN (\'TransferApproved\', \'TransferRequested\')))'

resource workflowsSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = {
  parent: topic
  name: workflowsSubscriptionName
  properties: {
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
    lockDuration: 'PT1M'
  }
}

// A subscription starts with the `$Default` rule (every message); the deployment replaces it with the filter.
resource workflowsDefaultRule 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = {
  parent: workflowsSubscription
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: { sqlExpression: workflowEventsFilter }
  }
}

// Timers are scheduled messages (deterministic ids: one scheduled again after a crash is dropped as a duplicate).
resource workflowTimersQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: workflowTimersQueueName
  properties: {
    maxDeliveryCount: 10
    lockDuration: 'PT1M'
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    deadLetteringOnMessageExpiration: true
  }
}

resource downstreamSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [
  for subscriptionName in downstreamSubscriptionNames: {
    parent: topic
    name: subscriptionName
    properties: {
      maxDeliveryCount: 10
      // Expired messages are dropped, not dead-lettered, so an abandoned subscriber cannot fill the topic;
      // a subscriber that falls behind replays from GET /api/streams.
      deadLetteringOnMessageExpiration: false
      defaultMessageTimeToLive: 'P14D'
    }
  }
]

// The steps of projection rebuild jobs: any instance takes the next one; a step delivered again is harmless,
// and a step sent twice (same message id) is dropped.
resource rebuildQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: rebuildQueueName
  properties: {
    maxDeliveryCount: 10
    lockDuration: 'PT1M'
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    deadLetteringOnMessageExpiration: true
  }
}

// Every subscription takes live events (no replayTarget property) and the replays meant for it, nothing else
// (README: replaying the history to a new subscriber). A subscription's $Default rule is replaced so.
resource projectionsRule 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = {
  parent: projectionsSubscription
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: { sqlExpression: 'replayTarget IS NULL OR replayTarget = \'${projectionsSubscriptionName}\'' }
  }
}

resource downstreamRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2024-01-01' = [
  for (subscriptionName, i) in downstreamSubscriptionNames: {
    parent: downstreamSubscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: { sqlExpression: 'replayTarget IS NULL OR replayTarget = \'${subscriptionName}\'' }
    }
  }
]

var dataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender
var dataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // Azure Service Bus Data Receiver

// Commands, the publish sweeper and the health check send to the topic.
resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, dataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The projections trigger receives from its own subscription (the Functions Service Bus extension needs the
// subscription itself in the assignment's scope; the topic alone is not enough).
resource subscriptionReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(projectionsSubscription.id, principalId, dataReceiver)
  scope: projectionsSubscription
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource workflowsReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workflowsSubscription.id, principalId, dataReceiver)
  scope: workflowsSubscription
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The engine schedules and cancels timers on the queue, and its timer trigger receives them.
resource timersSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workflowTimersQueue.id, principalId, dataSender)
  scope: workflowTimersQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource timersReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workflowTimersQueue.id, principalId, dataReceiver)
  scope: workflowTimersQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Rebuild jobs queue their own next steps, and the rebuild trigger receives them.
resource queueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(rebuildQueue.id, principalId, dataSender)
  scope: rebuildQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(rebuildQueue.id, principalId, dataReceiver)
  scope: rebuildQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = namespace.name
// e.g. sb-demo-abc.servicebus.windows.net (the endpoint is https://<host>:443/), as
// ServiceBusConnection__fullyQualifiedNamespace expects it
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
