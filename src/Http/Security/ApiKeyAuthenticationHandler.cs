using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using EmergencyFlow.Http.Ops;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Http.Security;

/// <summary>
/// Authenticates a request by a key in one header, compared in constant time. A key in the query string is
/// never read. A refused request gets 401 as a problem document naming the header, never the key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var given = Request.Headers[Options.HeaderName].ToString();
        if (string.IsNullOrEmpty(given))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (string.IsNullOrEmpty(Options.Key) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(Options.Key)))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The key in header '{Options.HeaderName}' is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, Scheme.Name)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        OpsProblems.Problem(StatusCodes.Status401Unauthorized, $"A valid key is required in header '{Options.HeaderName}'.").ExecuteAsync(Context);

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        OpsProblems.Problem(StatusCodes.Status403Forbidden, $"This key does not open this route; it needs the key of header '{Options.HeaderName}'.").ExecuteAsync(Context);
}
