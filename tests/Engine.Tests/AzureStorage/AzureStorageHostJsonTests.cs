using Azure.Core;
using EmergencyFlow.Engine.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace EmergencyFlow.Engine.Tests.AzureStorage;

public sealed class AzureStorageHostJsonTests
{
    private static readonly string RepositoryHostJson = Path.Combine(AppContext.BaseDirectory, "host.json");

    [Fact]
    public void The_repository_host_json_gives_the_Functions_app_task_hub_and_limits()
    {
        var configuration = Configuration(("TASKHUB_NAME", "EmergencyFlowLocal"), ("AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        var read = AzureStorageHostJson.Read(RepositoryHostJson, configuration);

        read.Issues.ShouldBeEmpty();
        read.Settings.TaskHubName.ShouldBe("EmergencyFlowLocal");
        read.Settings.PartitionCount.ShouldBe(4);
        read.Settings.MaxQueuePollingInterval.ShouldBe(TimeSpan.FromSeconds(1));
        read.Settings.MaxConcurrentTaskActivityWorkItems.ShouldBe(10);
        read.Settings.MaxConcurrentTaskOrchestrationWorkItems.ShouldBe(10);
        read.Settings.ExtendedSessionsEnabled.ShouldBeFalse();
        read.Settings.UseSeparateQueueForEntityWorkItems.ShouldBeTrue();
        read.Settings.ThrowExceptionOnInvalidDedupeStatus.ShouldBeTrue();
        read.Connection.Description.ShouldBe("the storage emulator (UseDevelopmentStorage)");
    }

    [Fact]
    public void Settings_host_json_leaves_out_take_the_Durable_Functions_defaults()
    {
        var read = Parse("""{ "extensions": { "durableTask": { "hubName": "Defaults" } } }""");

        read.Settings.PartitionCount.ShouldBe(4);
        read.Settings.ControlQueueBufferThreshold.ShouldBe(256);
        read.Settings.MaxQueuePollingInterval.ShouldBe(TimeSpan.FromSeconds(30));
        read.Settings.UseTablePartitionManagement.ShouldBeTrue();
        read.Settings.MaxConcurrentTaskOrchestrationWorkItems.ShouldBe(10 * Environment.ProcessorCount);
        read.Settings.MaxConcurrentTaskEntityWorkItems.ShouldBe(10 * Environment.ProcessorCount);
        read.Settings.MaxEntityOperationBatchSize.ShouldBe(5000);
        read.Settings.EntityMessageReorderWindowInMinutes.ShouldBe(30);
        read.Settings.UseAppLease.ShouldBeTrue();
    }

    [Fact]
    public void Values_written_as_strings_and_keys_in_any_case_read_as_the_Functions_host_binds_them()
    {
        var read = Parse("""
            {
              // host.json may carry comments
              "extensions": { "durableTask": {
                "HubName": "Strings",
                "storageProvider": { "PartitionCount": "2", "maxQueuePollingInterval": "00:00:05" },
                "maxConcurrentActivityFunctions": "7",
                "useAppLease": "false",
              } }
            }
            """);

        read.Issues.ShouldBeEmpty();
        read.Settings.TaskHubName.ShouldBe("Strings");
        read.Settings.PartitionCount.ShouldBe(2);
        read.Settings.MaxQueuePollingInterval.ShouldBe(TimeSpan.FromSeconds(5));
        read.Settings.MaxConcurrentTaskActivityWorkItems.ShouldBe(7);
        read.Settings.UseAppLease.ShouldBeFalse();
    }

    [Fact]
    public void Settings_the_engine_does_not_apply_or_does_not_know_are_reported()
    {
        var read = Parse("""
            { "extensions": { "durableTask": {
              "hubName": "Reported",
              "extendedSessionsEnabled": true,
              "tracing": { "traceInputsAndOutputs": true },
              "somethingNew": 1,
              "storageProvider": { "partitionCount": 4, "mystery": "x" }
            } } }
            """);

        read.Issues.Select(issue => issue.Path).Order().ShouldBe(
        [
            "host.json:extensions:durableTask:extendedSessionsEnabled",
            "host.json:extensions:durableTask:somethingNew",
            "host.json:extensions:durableTask:storageProvider:mystery",
            "host.json:extensions:durableTask:tracing",
        ]);
        read.Settings.ExtendedSessionsEnabled.ShouldBeFalse();
    }

    [Fact]
    public void A_hub_name_placeholder_that_configuration_does_not_define_stops_the_read()
    {
        var problem = Should.Throw<InvalidOperationException>(() =>
            AzureStorageHostJson.Parse("""{ "extensions": { "durableTask": { "hubName": "%NOT_SET%" } } }""", Configuration()));

        problem.Message.ShouldContain("%NOT_SET%");
    }

    [Fact]
    public void A_hub_name_storage_cannot_hold_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => Parse("""{ "extensions": { "durableTask": { "hubName": "my-hub" } } }"""))
            .Message.ShouldContain("my-hub");
    }

    [Fact]
    public void Without_a_hub_name_the_site_name_is_made_into_one_as_Durable_Functions_does()
    {
        var read = AzureStorageHostJson.Parse(
            """{ "extensions": { "durableTask": {} } }""", Configuration(("WEBSITE_SITE_NAME", "1st-site"), ("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        read.Settings.TaskHubName.ShouldBe("t1stsite");
        read.Issues.ShouldHaveSingleItem().Path.ShouldBe("host.json:extensions:durableTask:hubName");
    }

    [Fact]
    public void A_value_Durable_Functions_would_refuse_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => Parse("""{ "extensions": { "durableTask": { "hubName": "Refused", "storageProvider": { "partitionCount": 17 } } } }"""))
            .Message.ShouldContain("partitionCount");
    }

    [Fact]
    public void Another_storage_provider_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => Parse("""{ "extensions": { "durableTask": { "hubName": "Sql", "storageProvider": { "type": "mssql" } } } }"""))
            .Message.ShouldContain("mssql");
    }

    [Fact]
    public void Without_a_configured_connection_the_storage_emulator_is_used_and_said_so()
    {
        var read = AzureStorageHostJson.Parse("""{ "extensions": { "durableTask": { "hubName": "Emulated" } } }""", Configuration());

        read.Connection.ShouldBeSameAs(AzureStorageConnection.DevelopmentStorage);
        read.Issues.ShouldHaveSingleItem().Message.ShouldContain("AzureWebJobsStorage");
    }

    [Fact]
    public void The_connection_host_json_names_is_read_identity_based_with_the_given_credential()
    {
        var configuration = Configuration(("TaskHubStorage:accountName", "emergencyflowprod"));

        var read = AzureStorageHostJson.Parse(
            """{ "extensions": { "durableTask": { "hubName": "Keyless", "storageProvider": { "connectionName": "TaskHubStorage" } } } }""",
            configuration,
            credential: new NoCredential());

        read.Issues.ShouldBeEmpty();
        read.Connection.Description.ShouldBe("account at emergencyflowprod.blob.core.windows.net");
    }

    [Fact]
    public void An_identity_based_connection_without_a_credential_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => AzureStorageHostJson.Parse(
            """{ "extensions": { "durableTask": { "hubName": "Keyless" } } }""", Configuration(("AzureWebJobsStorage:accountName", "acct"))));
    }

    [Fact]
    public void The_engine_limits_override_host_json_when_set()
    {
        var read = Parse("""{ "extensions": { "durableTask": { "hubName": "Limits", "maxConcurrentActivityFunctions": 10 } } }""");

        using var service = AzureStorageOrchestrationServices.Create(read.Settings, new DurableEngineOptions { MaxConcurrentActivities = 3 });

        service.MaxConcurrentTaskActivityWorkItems.ShouldBe(3);
        service.MaxConcurrentTaskOrchestrationWorkItems.ShouldBe(read.Settings.MaxConcurrentTaskOrchestrationWorkItems);
    }

    private static AzureStorageHostSettings Parse(string hostJson) =>
        AzureStorageHostJson.Parse(hostJson, Configuration(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(value => new KeyValuePair<string, string?>(value.Key, value.Value))).Build();

    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("These tests never reach the account.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("These tests never reach the account.");
    }
}
