namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>
/// ACS refused a request (4xx) or kept failing after the pipeline's retries (429, 5xx). Carries the
/// HTTP status and the ACS error code; the message never holds the service's own error text, which
/// can quote recipients' addresses or phone numbers.
/// </summary>
public sealed class AcsRequestException : Exception
{
    /// <summary>Creates the exception for a failed ACS request.</summary>
    /// <param name="operation">What was attempted, e.g. "email send" (a constant, never personal data).</param>
    /// <param name="status">The HTTP status of the last response.</param>
    /// <param name="errorCode">The ACS error code, if the response named one.</param>
    public AcsRequestException(string operation, int status, string? errorCode)
        : base(errorCode is null
            ? $"ACS {operation} failed with HTTP {status}."
            : $"ACS {operation} failed with HTTP {status} ({errorCode}).")
    {
        Operation = operation;
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>Required by the exception pattern.</summary>
    public AcsRequestException()
        : this("request", 0, null)
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public AcsRequestException(string message)
        : base(message)
    {
        Operation = "request";
    }

    /// <summary>Required by the exception pattern.</summary>
    public AcsRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "request";
    }

    /// <summary>What was attempted.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status of the last response.</summary>
    public int Status { get; }

    /// <summary>The ACS error code (letters, digits, '.', '_' and '-' only), or null.</summary>
    public string? ErrorCode { get; }
}
