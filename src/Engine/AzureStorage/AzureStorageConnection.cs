using System.Data.Common;
using Azure.Core;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace EmergencyFlow.Engine.AzureStorage;

/// <summary>
/// Where the Azure Storage provider keeps a task hub: a connection string (Azurite's
/// <c>UseDevelopmentStorage=true</c>, or an account key string for a test account), or an account's
/// service URIs with a <see cref="TokenCredential"/> (managed identity; no shared keys).
/// </summary>
public sealed class AzureStorageConnection
{
    private readonly string? connectionString;
    private readonly (Uri Blob, Uri Queue, Uri Table)? serviceUris;
    private readonly TokenCredential? credential;

    private AzureStorageConnection(string? connectionString, (Uri, Uri, Uri)? serviceUris, TokenCredential? credential, string description)
    {
        this.connectionString = connectionString;
        this.serviceUris = serviceUris;
        this.credential = credential;
        Description = description;
    }

    /// <summary>Azurite on its default ports.</summary>
    public static AzureStorageConnection DevelopmentStorage { get; } = FromConnectionString("UseDevelopmentStorage=true");

    /// <summary>Names the account (or the emulator) without any secret, for logs.</summary>
    public string Description { get; }

    /// <summary>A storage connection string.</summary>
    public static AzureStorageConnection FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new AzureStorageConnection(connectionString, null, null, Describe(connectionString));
    }

    /// <summary>An account's blob, queue and table endpoints, reached with <paramref name="credential"/>.</summary>
    public static AzureStorageConnection FromServiceUris(Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new AzureStorageConnection(null, (blobServiceUri, queueServiceUri, tableServiceUri), credential, $"account at {blobServiceUri.Host}");
    }

    /// <summary>An account in Azure's public cloud by name, reached with <paramref name="credential"/>.</summary>
    public static AzureStorageConnection FromAccountName(string accountName, TokenCredential credential)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(credential);
        return FromServiceUris(
            new Uri($"https://{accountName}.blob.core.windows.net"),
            new Uri($"https://{accountName}.queue.core.windows.net"),
            new Uri($"https://{accountName}.table.core.windows.net"),
            credential);
    }

    /// <summary>
    /// Reads a connection the way Azure Functions reads <c>AzureWebJobsStorage</c>: a connection string
    /// under <paramref name="name"/> (or <c>ConnectionStrings:name</c>), or an identity-based connection
    /// under <c>name:accountName</c> or <c>name:blobServiceUri</c> / <c>queueServiceUri</c> /
    /// <c>tableServiceUri</c> (environment variables spell the colon <c>__</c>). Null when none is configured.
    /// </summary>
    /// <exception cref="InvalidOperationException">An identity-based connection is configured but no credential was given.</exception>
    public static AzureStorageConnection? FromConfiguration(IConfiguration configuration, string name, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var value = configuration[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration.GetConnectionString(name);
        }

        if (!string.IsNullOrWhiteSpace(value))
        {
            return FromConnectionString(value);
        }

        var section = configuration.GetSection(name);
        var accountName = section["accountName"];
        var blob = section["blobServiceUri"];
        var queue = section["queueServiceUri"];
        var table = section["tableServiceUri"];
        if (string.IsNullOrWhiteSpace(accountName) && string.IsNullOrWhiteSpace(blob) && string.IsNullOrWhiteSpace(queue) && string.IsNullOrWhiteSpace(table))
        {
            return null;
        }

        if (credential is null)
        {
            throw new InvalidOperationException($"The storage connection '{name}' is identity-based, but no TokenCredential was given to reach it.");
        }

        if (!string.IsNullOrWhiteSpace(accountName))
        {
            return FromAccountName(accountName, credential);
        }

        if (string.IsNullOrWhiteSpace(blob) || string.IsNullOrWhiteSpace(queue) || string.IsNullOrWhiteSpace(table))
        {
            throw new InvalidOperationException(
                $"The storage connection '{name}' needs blobServiceUri, queueServiceUri and tableServiceUri (the task hub uses all three), or accountName.");
        }

        return FromServiceUris(new Uri(blob), new Uri(queue), new Uri(table), credential);
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    internal StorageAccountClientProvider CreateClientProvider() =>
        connectionString is not null
            ? new StorageAccountClientProvider(connectionString)
            : new StorageAccountClientProvider(serviceUris!.Value.Blob, serviceUris.Value.Queue, serviceUris.Value.Table, credential!);

    internal TrackingServiceClientProvider CreateTrackingClientProvider() =>
        connectionString is not null
            ? new TrackingServiceClientProvider(connectionString)
            : new TrackingServiceClientProvider(serviceUris!.Value.Blob, serviceUris.Value.Table, credential!);

    private static string Describe(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "an unreadable connection string";
        }

        if (builder.TryGetValue("UseDevelopmentStorage", out var development) && string.Equals(development?.ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return "the storage emulator (UseDevelopmentStorage)";
        }

        return builder.TryGetValue("AccountName", out var account) ? $"account {account}" : "a connection string without an account name";
    }
}
