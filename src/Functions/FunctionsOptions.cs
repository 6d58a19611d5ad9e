using System.ComponentModel.DataAnnotations;

namespace EmergencyFlow.Functions;

/// <summary>
/// What only the Functions app reads, about its Azure resources (section <c>EmergencyFlow</c>, app settings
/// <c>EmergencyFlow__Name</c>); the product's settings are <see cref="Application.Settings.EmergencyFlowOptions"/>.
/// Checked at start-up by the same validator: a misconfigured app fails to start instead of failing during an emergency.
/// </summary>
public sealed class FunctionsOptions
{
    /// <summary>The local emulator's table setting (Azurite).</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>ACS resource endpoint, e.g. https://acs-emergencyflow.communication.azure.com (Email and Call Automation, managed identity).</summary>
    [Required(ErrorMessage = "is required")]
    [Url(ErrorMessage = "is not a URL")]
    public string AcsEndpoint { get; set; } = string.Empty;

    /// <summary>Table service endpoint for the agents directory, template and step memory (managed identity), or <see cref="DevelopmentStorage"/> for Azurite.</summary>
    [Required(ErrorMessage = "is required")]
    public string TableServiceUri { get; set; } = string.Empty;

    /// <summary>
    /// The blob container a dead letter too large for a table row is kept in (managed identity), e.g.
    /// <c>https://st….blob.core.windows.net/deadletter</c>, or <see cref="DevelopmentStorage"/> for Azurite; empty: only what fits a row is kept.
    /// </summary>
    public string? DeadLetterContainerUri { get; set; }

    /// <summary>Table name.</summary>
    [Required(ErrorMessage = "is required")]
    public string TableName { get; set; } = "emergencyflow";

    /// <summary>App registration client id used as the Graph presence session id.</summary>
    [Required(ErrorMessage = "is required")]
    public string PresenceApplicationId { get; set; } = string.Empty;

    /// <summary>Client id of the user-assigned managed identity, when the app uses one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// The kind of the ACS email domain: <c>Custom</c>, or <c>AzureManaged</c>, which sends 5 emails a minute and 10 an hour
    /// per subscription (too few for production; the app warns at start-up).
    /// </summary>
    [AllowedValues("Custom", "AzureManaged", ErrorMessage = "must be Custom or AzureManaged")]
    public string EmailDomainKind { get; set; } = "Custom";

    /// <summary>The ops API's key (header <c>x-ops-key</c>); a secure deployment parameter, at least 32 characters.</summary>
    [Required(ErrorMessage = "is required")]
    [MinLength(Http.Security.ApiKeySchemes.MinimumKeyLength, ErrorMessage = "must be at least {1} characters")]
    public string OpsKey { get; set; } = string.Empty;
}
