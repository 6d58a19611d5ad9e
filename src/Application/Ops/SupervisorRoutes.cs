
namespace EmergencyFlow.Application.Ops;

/// <summary>The supervisor page's route and its read model's route (below <c>/api</c>), the same on both hosts.</summary>
public static class SupervisorRoutes
{
    /// <summary>The read model, below <c>/api</c>.</summary>
    public const string View = OpsRoutes.Prefix + "/supervisor";

    /// <summary>Response header with the server's time of the view, sent on 200 and 304 (the page counts down from it).</summary>
    public const string AsOfHeader = "X-EmergencyFlow-As-Of";
}
