using Microsoft.AspNetCore.Authentication;

namespace EmergencyFlow.Http.Security;

/// <summary>One API-key scheme: which header carries the key, and the key.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The request header that carries the key.</summary>
    public string HeaderName { get; set; } = ApiKeySchemes.OpsHeader;

    /// <summary>The key; requests are refused while it is not set.</summary>
    public string? Key { get; set; }
}
