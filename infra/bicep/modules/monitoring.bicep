@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights name.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags object

@description('Address that receives operator alerts (pool exhausted, notification failed, …). Empty: no action group and no alert rules.')
param operatorEmail string

@description('Days the workspace keeps logs and Application Insights telemetry (which can hold masked identifiers and instance ids).')
@minValue(30)
@maxValue(730)
param logRetentionDays int

@description('Event Grid system topic on ACS: its dead-lettered and dropped events raise an operator alert.')
param systemTopicName string

@description('Dialer custom topic: its dead-lettered and dropped events raise an operator alert.')
param dialerTopicName string

// The phrase every operator alert record starts with (the IOperatorAlerts implementation the Functions
// app registers), logged at Critical (Application Insights severityLevel 4). Infra.Tests checks both
// against the code.
var alertPhrase = 'EmergencyFlow operator alert'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
    features: {
      // Nothing ingests with the workspace keys; Application Insights writes through its own resource.
      disableLocalAuth: true
    }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    // Workspace-based: the workspace's retention applies to this resource's telemetry.
    WorkspaceResourceId: workspace.id
    // Keyless ingestion: the app authenticates with its managed identity (Monitoring Metrics Publisher).
    DisableLocalAuth: true
  }
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(operatorEmail)) {
  name: 'ag-${applicationInsightsName}-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'emergency'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: operatorEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Every operator alert the app raises is one Critical log record; each becomes one notification. The
// rule is split by the alert's key, so a second alert while the first is still firing is its own
// alert instead of disappearing into the first one. The properties carry their names as logged by the
// worker's exporter (AlertKey) or, when the host forwards the record, with the host's prefix.
resource operatorAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = if (!empty(operatorEmail)) {
  name: 'EmergencyFlow operator alert'
  location: location
  tags: tags
  properties: {
    description: 'EmergencyFlow raised an operator alert (see docs/operations.md for what to do).'
    severity: 1
    enabled: true
    scopes: [
      insights.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'traces | where severityLevel == 4 and message has "${alertPhrase}" | extend AlertKind = tostring(coalesce(customDimensions.AlertKind, customDimensions.prop__AlertKind)), AlertKey = tostring(coalesce(customDimensions.AlertKey, customDimensions.prop__AlertKey))'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: [
            {
              name: 'AlertKind'
              operator: 'Include'
              values: [
                '*'
              ]
            }
            {
              name: 'AlertKey'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        operators.id
      ]
    }
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

resource dialerTopic 'Microsoft.EventGrid/topics@2022-06-15' existing = {
  name: dialerTopicName
}

var watchedTopics = [
  {
    name: systemTopic.name
    id: systemTopic.id
  }
  {
    name: dialerTopic.name
    id: dialerTopic.id
  }
]

// An event that Event Grid could not deliver (the app down past the retry window, or a refused key:
// 401 is not retried) is a dialer event or a callback that nobody handled: tell the operators.
var undeliverable = [
  'DeadLetteredCount'
  'DroppedEventCount'
]

resource undeliveredEvents 'Microsoft.Insights/metricAlerts@2018-03-01' = [for pair in flatten(map(range(0, length(watchedTopics)), i => map(undeliverable, metric => { topic: i, metric: metric }))): if (!empty(operatorEmail)) {
  name: 'EmergencyFlow ${watchedTopics[pair.topic].name} ${pair.metric}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid could not deliver an EmergencyFlow event (${pair.metric}); dead letters are in the storage account\'s deadletter container (docs/operations.md).'
    severity: 1
    enabled: true
    scopes: [
      watchedTopics[pair.topic].id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: pair.metric
          metricName: pair.metric
          timeAggregation: 'Total'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [
      {
        actionGroupId: operators.id
      }
    ]
  }
}]

@description('Application Insights resource id.')
output insightsId string = insights.id

@description('Application Insights name.')
output insightsName string = insights.name

@description('Application Insights connection string (not a secret: ingestion requires Entra ID).')
output connectionString string = insights.properties.ConnectionString
