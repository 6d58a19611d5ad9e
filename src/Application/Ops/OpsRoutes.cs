
namespace EmergencyFlow.Application.Ops;

/// <summary>The ops API's routes, the same on both hosts (Functions serves them under <c>/api</c>).</summary>
public static class OpsRoutes
{
    /// <summary>Route prefix below <c>/api</c>.</summary>
    public const string Prefix = "ops";

    /// <summary>Emergency lifecycles, newest first.</summary>
    public const string Emergencies = Prefix + "/emergencies";

    /// <summary>One lifecycle.</summary>
    public const string Emergency = Emergencies + "/{instanceId}";

    /// <summary>Live callback leases.</summary>
    public const string Leases = Prefix + "/leases";

    /// <summary>Releases one pool number by hand.</summary>
    public const string ReleaseLease = Leases + "/{number}/release";

    /// <summary>The callback pool.</summary>
    public const string Pool = Prefix + "/pool";

    /// <summary>The agents directory.</summary>
    public const string Agents = Prefix + "/agents";

    /// <summary>One agent.</summary>
    public const string Agent = Agents + "/{agentId}";

    /// <summary>One agent's emergency contacts.</summary>
    public const string Contacts = Agent + "/contacts";

    /// <summary>The notification template.</summary>
    public const string Template = Prefix + "/template";

    /// <summary>Alert acknowledgements: POST one, GET the last 24 hours'.</summary>
    public const string AlertAcknowledgements = Prefix + "/alert-acknowledgements";

    /// <summary>The shift hand-over (JSON, or CSV with <c>?format=csv</c> or <c>Accept: text/csv</c>).</summary>
    public const string Handover = Prefix + "/handover";
}
