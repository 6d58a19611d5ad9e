@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights name.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Resource tags.')
param tags object

@description('Address that receives operator alerts (pool exhausted, notification failed, …). Empty: no action group.')
param operatorEmail string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
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

// Every operator alert the app raises is a Critical log record; this rule turns each into a notification.
resource operatorAlerts 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = if (!empty(operatorEmail)) {
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
    criteria: {
      allOf: [
        {
          query: 'traces | where severityLevel == 4 and message has "EmergencyFlow operator alert"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
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

@description('Application Insights resource id.')
output insightsId string = insights.id

@description('Application Insights name.')
output insightsName string = insights.name

@description('Application Insights connection string (not a secret: ingestion requires Entra ID).')
output connectionString string = insights.properties.ConnectionString
