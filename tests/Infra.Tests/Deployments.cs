using System.Globalization;

namespace EmergencyFlow.Infra.Tests;

/// <summary>Parameter values of a realistic production deployment, for snapshots.</summary>
internal static class Deployments
{
    public const string FallbackTarget = "+14255550100";
    public const string OperatorEmail = "oncall@contoso.com";
    public const string DeployerId = "11111111-1111-1111-1111-111111111111";

    /// <summary>A value the ops key could have (azd generates 64 hex characters).</summary>
    public static readonly string OpsKey = string.Concat(Enumerable.Repeat("0123456789abcdef", 4));

    /// <summary>A pool of distinct E.164 numbers.</summary>
    public static IReadOnlyList<string> Pool(int count) =>
        [.. Enumerable.Range(0, count).Select(i => "+1425" + i.ToString("D7", CultureInfo.InvariantCulture))];

    /// <summary>main.bicep's parameters: the production values, then the overrides.</summary>
    public static Dictionary<string, object> ForMain(params (string Name, object Value)[] overrides)
    {
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["environmentName"] = "prod",
            ["location"] = BicepSnapshot.Location,
            ["principalId"] = DeployerId,
            ["operatorEmail"] = OperatorEmail,
            ["callbackFallbackTarget"] = FallbackTarget,
            ["opsKey"] = OpsKey,
            ["poolNumbers"] = string.Join(',', Pool(10)),
        };
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    /// <summary>subscriptions.bicep's parameters, then the overrides.</summary>
    public static Dictionary<string, object> ForSubscriptions(params (string Name, object Value)[] overrides)
    {
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["functionAppName"] = "func-emergencyflow-test",
            ["systemTopicName"] = "evgst-acs-test",
            ["dialerTopicName"] = "evgt-dialer-test",
            ["storageAccountName"] = "sttest",
        };
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    /// <summary>As many comma-separated E.164 prefixes as asked for.</summary>
    public static string Prefixes(int count) =>
        string.Join(',', Enumerable.Range(0, count).Select(i => "+4420" + i.ToString("D3", CultureInfo.InvariantCulture)));
}
