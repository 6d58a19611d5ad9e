// Event Grid subscriptions to the function app's HTTP webhooks (docs/decisions/0006, 0012). Azure sends a
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

@description('Optional E.164 prefixes, comma-separated (e.g. "+1425555,+4420"): only calls to numbers starting with one of them reach OnIncomingCall. Empty: every call to a phone number does, and the app ignores numbers outside the pool. At most 24: Event Grid allows 25 filter values per subscription and the phone-number filter uses one.')
param callbackNumberPrefixes string = ''

@description('Name of the function key each webhook function presents to itself through Event Grid (read from that function at deployment; never stored here). Rotate it on both functions, then re-run this deployment.')
@minLength(1)
param webhookKeyName string = 'default'

// Event Grid: at most 25 values across all advanced filters of one subscription (event-filtering).
var maxFilterValues = 25

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName

  // The webhook functions exist once the code is deployed (Flex Consumption indexes them at start-up).
  resource callEventsFunction 'functions' existing = {
    name: 'OnCallEvent'
  }

  resource incomingCallsFunction 'functions' existing = {
    name: 'OnIncomingCall'
  }
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

var prefixes = filter(split(replace(callbackNumberPrefixes, ' ', ''), ','), p => !empty(p))
var badPrefixes = filter(prefixes, p => !startsWith(p, '+') || length(p) < 2 || length(p) > 16 || !empty(reduce(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], substring(p, 1), (rest, digit) => replace(string(rest), digit, ''))))
var checkedPrefixes = length(prefixes) > maxFilterValues - 1
  ? fail('callbackNumberPrefixes has ${length(prefixes)} prefixes; Event Grid allows ${maxFilterValues} filter values per subscription and the phone-number filter takes one, so use at most ${maxFilterValues - 1} (a shorter prefix covers more numbers; the app ignores numbers outside the pool anyway).')
  : !empty(badPrefixes)
      ? fail('callbackNumberPrefixes must be E.164 prefixes: "+" and 1 to 15 digits, comma-separated; ${length(badPrefixes)} are not.')
      : prefixes

// Only PSTN calls: a redirect to an ACS or Teams user raises another IncomingCall for that user, which
// must not come back here. Keys follow the event's JSON casing (data.to.kind, data.to.phoneNumber.value).
var incomingCallFilters = concat(
  [
    {
      operatorType: 'StringIn'
      key: 'data.to.kind'
      values: [
        'phoneNumber'
      ]
    }
  ],
  empty(checkedPrefixes)
    ? []
    : [
        {
          operatorType: 'StringBeginsWith'
          key: 'data.to.phoneNumber.value'
          values: checkedPrefixes
        }
      ]
)

// Each webhook authenticates Event Grid with its own function key, sent as the x-functions-key header
// (a secret delivery attribute Event Grid never shows again). No key travels in a URL, and the key
// opens one function only: not the other webhook, not the ops API.
func keyHeader(key string) object => {
  name: 'x-functions-key'
  type: 'Static'
  properties: {
    value: key
    isSecret: true
  }
}

var callEventsKey = keyHeader(app::callEventsFunction.listKeys()[webhookKeyName])
var incomingCallsKey = keyHeader(app::incomingCallsFunction.listKeys()[webhookKeyName])

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
        // The URL is not a secret: the key travels in a header (deliveryAttributeMappings).
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: 'https://${app.properties.defaultHostName}/api/events/calls'
        maxEventsPerBatch: 1
        deliveryAttributeMappings: [
          callEventsKey
        ]
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.CallEnded'
        'Microsoft.Communication.EmailDeliveryReportReceived'
      ]
    }
    // Event Grid's maximum: a call end or a bounce is still worth delivering hours later.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: deadLetter
  }
}

// A callback rings for about 30 seconds: two attempts within one minute, then it is too late.
resource incomingCalls 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'emergencyflow-incoming-calls'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The URL is not a secret: the key travels in a header (deliveryAttributeMappings).
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: 'https://${app.properties.defaultHostName}/api/events/incoming-calls'
        maxEventsPerBatch: 1
        deliveryAttributeMappings: [
          incomingCallsKey
        ]
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.IncomingCall'
      ]
      advancedFilters: incomingCallFilters
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
        // The URL is not a secret: the key travels in a header (deliveryAttributeMappings).
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: 'https://${app.properties.defaultHostName}/api/events/calls'
        maxEventsPerBatch: 1
        deliveryAttributeMappings: [
          callEventsKey
        ]
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
