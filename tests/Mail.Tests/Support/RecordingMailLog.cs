using System.Collections.Concurrent;

namespace EmergencyFlow.Mail.Tests.Support;

/// <summary>A mail log that remembers what it was told, as the local host's store would.</summary>
internal sealed class RecordingMailLog : IMailLog
{
    private readonly ConcurrentQueue<MailRecord> _records = new();

    public IReadOnlyList<MailRecord> Records => [.. _records];

    public Task RecordAsync(MailRecord record, CancellationToken cancellationToken)
    {
        _records.Enqueue(record);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MailRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MailRecord>>([.. _records.Reverse()]);

    public Task<MailRecord?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.FirstOrDefault(r => r.MessageId == messageId));
}
