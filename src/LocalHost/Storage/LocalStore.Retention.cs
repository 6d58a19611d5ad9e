using EmergencyFlow.Application.Ops;
using static EmergencyFlow.Sqlite.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// Retention (<see cref="IRecordRetention"/>): the local records older than the retention period go in one
/// transaction, and the .eml files of the notifications they index after it. Agents, the template and each
/// agent's current presence are the operators' data and stay.
/// </summary>
public sealed partial class LocalStore
{
    private static readonly (string Table, string Column)[] Aged =
    [
        ("event_log", "at"), ("routing", "at"), ("dead_letters", "at"), ("alerts", "raised_at"), ("alert_acks", "at"),
        ("call_ends", "kept_at"), ("step_memory", "written_at"), ("outbox", "written_at"),
    ];

    /// <inheritdoc />
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = Time(before);
        var (rows, files) = await db.WriteAsync((connection, transaction) =>
        {
            var files = Query(connection, transaction, "SELECT file FROM outbox WHERE written_at < $before", r => r.GetString(0), ("$before", cutoff));
            var rows = 0;
            foreach (var (table, column) in Aged)
            {
                rows += Execute(connection, transaction, $"DELETE FROM {table} WHERE {column} < $before", ("$before", cutoff));
            }

            return (rows, files);
        });

        // After the commit: a crash in between leaves a file without its row, which the next pass cannot see
        // but whose age the folder shows; a file that is already gone is fine.
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            File.Delete(file);
        }

        return rows;
    }
}
