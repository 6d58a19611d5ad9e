// Event Grid subscriptions to the function app's HTTP webhooks (docs/decisions/0006). Azure sends a
// validation handshake to each endpoint when a subscription is created, which only the deployed code
// can answer, so this runs after `azd deploy` (scripts/azd/postdeploy.sh) or by hand with
// `az deployment group create` (docs/deploy.md).
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

@description('Name of the host function key Event Grid presents (read from the app at deployment; never stored here). Rotate it, then re-run this deployment.')
@minLength(1)
param functionKeyName string = 'default'

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

// The key travels only inside this deployment: Event Grid keeps the full URL write-only (reads show
// endpointBaseUrl) and nothing here outputs it. The host's keys are read through its resource id
// because Bicep has no type for Microsoft.Web/sites/host.
var codeQuery = 'code=${uriComponent(listKeys('${app.id}/host/default', '2024-04-01').functionKeys[functionKeyName])}'
var callEventsUrl = 'https://${app.properties.defaultHostName}/api/events/calls?${codeQuery}'
var incomingCallsUrl = 'https://${app.properties.defaultHostName}/api/events/incoming-calls?${codeQuery}'

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
      endpointType: 'WebHook'
      properties: {
        endpointUrl: callEventsUrl
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
      endpointType: 'WebHook'
      properties: {
        endpointUrl: incomingCallsUrl
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
      endpointType: 'WebHook'
      properties: {
        endpointUrl: callEventsUrl
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
