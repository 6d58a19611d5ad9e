using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServerServices = SmtpServer.ComponentModel.ServiceProvider;

namespace EmergencyFlow.Mail.Tests.Support;

/// <summary>How the test relay behaves.</summary>
internal sealed class RelayBehaviour
{
    /// <summary>Offered as STARTTLS, or used from the first byte when <see cref="ImplicitTls"/>.</summary>
    public X509Certificate2? Certificate { get; init; }

    public bool ImplicitTls { get; init; }

    /// <summary>When set, AUTH is required and only these credentials pass.</summary>
    public (string User, string Password)? Credentials { get; init; }

    /// <summary>Recipients refused for good (550, with a reply that quotes the address as real relays do).</summary>
    public IReadOnlySet<string> Refused { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Recipients refused for now (450).</summary>
    public IReadOnlySet<string> Deferred { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The reply to the end of DATA when not 250 (e.g. 451); changeable while the relay runs.</summary>
    public int? DataReply { get; set; }
}

/// <summary>What the relay received: the envelope and the parsed message.</summary>
internal sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer library) in the test process, on a loopback port. Start it on port 0 to get
/// a free port, or on a given port to bring a relay "back up" where the sender expects it.
/// </summary>
internal sealed class TestRelay : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly SmtpServerHost _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private Task _running = Task.CompletedTask;

    private TestRelay(RelayBehaviour behaviour, int port, EndpointListenerFactory listeners)
    {
        Behaviour = behaviour;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("relay.test")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(behaviour.ImplicitTls);
                if (behaviour.Certificate is { } certificate)
                {
                    endpoint.Certificate(certificate);
                }

                if (behaviour.Credentials is not null)
                {
                    endpoint.AuthenticationRequired();
                }
            })
            .Build();
        var services = new SmtpServerServices();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new Filter(behaviour));
        if (behaviour.Credentials is { } credentials)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) => user == credentials.User && password == credentials.Password));
        }

        _server = new SmtpServerHost(options, services);
    }

    public RelayBehaviour Behaviour { get; }

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    public static async Task<TestRelay> StartAsync(RelayBehaviour? behaviour = null, int port = 0)
    {
        var listeners = new EndpointListenerFactory();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var relay = new TestRelay(behaviour ?? new RelayBehaviour(), port, listeners);
        relay._running = relay._server.StartAsync(relay._stop.Token);
        relay.Port = await started.Task.WaitAsync(StartTimeout);
        return relay;
    }

    /// <summary>Stops listening and waits until the port is closed.</summary>
    public async Task StopAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(StartTimeout);
        }
        catch (OperationCanceledException)
        {
            // The server ends its accept loop by cancellation.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private sealed class Store(TestRelay relay) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (relay.Behaviour.DataReply is { } reply)
            {
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)reply, "4.3.0 Try again later"));
            }

            using var stream = new MemoryStream(buffer.ToArray());
            relay._received.Enqueue(new ReceivedMail(transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())], MimeMessage.Load(stream, cancellationToken)));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Filter(RelayBehaviour behaviour) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var address = to.AsAddress();
            if (behaviour.Refused.Contains(address))
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.1.1 <{address}>: Recipient address rejected: User unknown"));
            }

            if (behaviour.Deferred.Contains(address))
            {
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)450, $"4.2.1 <{address}>: Mailbox busy, try again later"));
            }

            return Task.FromResult(true);
        }
    }
}
