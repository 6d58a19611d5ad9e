// Event Grid subscriptions to the function app's Event Grid functions. Azure validates an
// AzureFunction destination against the deployed function, so this runs after `azd deploy`
// (scripts/azd/postdeploy.sh) or by hand with `az deployment group create` (docs/deploy.md).
targetScope = 'resourceGroup'

@description('Function app name.')
param functionAppName string

@description('Event Grid system topic on the ACS resource.')
param systemTopicName string

@description('Dialer custom topic.')
param dialerTopicName string

@description('Storage account holding the "deadletter" container.')
param storageAccountName string

@description('Callback pool numbers, comma-separated: only calls to these reach OnIncomingCall. Empty: no IncomingCall subscription.')
param poolNumbers string = ''

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

resource dialerTopic 'Microsoft.EventGrid/topics@2022-06-15' existing = {
  name: dialerTopicName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

var pool = filter(split(replace(poolNumbers, ' ', ''), ','), n => !empty(n))

// Undeliverable events are kept whole in storage, written with the topic's own identity (no keys).
var deadLetter = {
  identity: {
    type: 'SystemAssigned'
  }
  deadLetterDestination: {
    endpointType: 'StorageBlob'
    properties: {
      resourceId: storage.id
      blobContainerName: 'deadletter'
    }
  }
}

resource callEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'emergencyflow-call-events'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${app.id}/functions/OnCallEvent'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.CallEnded'
        'Microsoft.Communication.EmailDeliveryReportReceived'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: deadLetter
  }
}

// A callback rings for about 30 seconds: two attempts within one minute, then it is too late.
resource incomingCalls 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (!empty(pool)) {
  parent: systemTopic
  name: 'emergencyflow-incoming-calls'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${app.id}/functions/OnIncomingCall'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.IncomingCall'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.to.PhoneNumber.Value'
          values: pool
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 2
      eventTimeToLiveInMinutes: 1
    }
    deadLetterWithResourceIdentity: deadLetter
  }
}

resource dialerEvents 'Microsoft.EventGrid/topics/eventSubscriptions@2022-06-15' = {
  parent: dialerTopic
  name: 'emergencyflow-dialer-events'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${app.id}/functions/OnCallEvent'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'EmergencyFlow.Dialer.OutboundCallPlaced.V1'
        'EmergencyFlow.Dialer.OutboundCallEnded.V1'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: deadLetter
  }
}
