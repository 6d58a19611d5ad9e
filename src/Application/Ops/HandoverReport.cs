using System.Globalization;
using System.Text;
using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// A shift hand-over: every emergency of the period, how it ended, and every alert with its acknowledgement. Masked like
/// everything the ops API answers; printable from the supervisor page and exported as CSV.
/// </summary>
/// <param name="From">Start of the period (UTC).</param>
/// <param name="To">End of the period: the host's clock.</param>
/// <param name="Emergencies">Emergencies dialled in the period, oldest first.</param>
/// <param name="Alerts">Alerts of the period, oldest first, each with who acknowledged it.</param>
public sealed record HandoverReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HandoverEmergency> Emergencies, IReadOnlyList<HandoverAlert> Alerts)
{
    /// <summary>The longest period a hand-over covers, in hours (a week).</summary>
    public const int MaxHours = 168;

    /// <summary>Builds the report of the <paramref name="hours"/> before <paramref name="now"/>.</summary>
    public static HandoverReport Build(
        DateTimeOffset now, int hours, IEnumerable<EmergencyView> emergencies, IEnumerable<RaisedAlert> alerts,
        IEnumerable<AlertAcknowledgement> acknowledgements, Func<string, string?> agentName)
    {
        ArgumentNullException.ThrowIfNull(emergencies);
        ArgumentNullException.ThrowIfNull(agentName);
        var from = now.AddHours(-hours);
        string NameOf(string? agentId) => agentId is null ? "Unknown agent" : agentName(agentId) ?? agentId;
        var inPeriod = emergencies.Where(e => (e.PlacedAt ?? e.CreatedAt) >= from).ToDictionary(e => e.InstanceId, StringComparer.Ordinal);
        var acks = (acknowledgements ?? []).GroupBy(a => a.AlertId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(a => a.At).First(), StringComparer.Ordinal);
        return new HandoverReport(
            from,
            now,
            [.. inPeriod.Values.OrderBy(e => e.PlacedAt ?? e.CreatedAt).Select(e => new HandoverEmergency(
                e.PlacedAt ?? e.CreatedAt, NameOf(e.AgentId), e.DialledNumber, e.Country, e.IsTest, e.CallbackNumber,
                Outcome(e), e.CallEndedAt, e.EndedBy?.ToString(), [.. e.Alerts.Distinct().Select(k => AlertGuidance.For(k).Title)]))],
            [.. SupervisorView.AlertsOf(inPeriod, alerts, from, NameOf).OrderBy(a => a.Order).Select(a =>
            {
                var ack = acks.GetValueOrDefault(a.Alert.Id);
                return new HandoverAlert(a.Alert.RaisedAt ?? a.Order, a.Alert.Title, a.Alert.Message, a.Alert.AgentName, ack?.By, ack?.At, ack?.Note);
            })]);
    }

    /// <summary>
    /// The report as CSV (RFC 4180: a header row, CRLF, fields quoted when they hold a comma, quote or line break), one row
    /// per emergency and per alert. A cell that a spreadsheet would run as a formula (= + - @, tab, CR) starts with an
    /// apostrophe, so a masked number reads "'+*********23" and nothing a caller or supervisor typed can execute.
    /// </summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        Row(csv, "record", "time_utc", "agent", "dialled_number", "country", "test_call", "callback_number", "outcome", "call_ended_utc", "ended_by",
            "alert", "message", "acknowledged_by", "acknowledged_utc", "note");
        foreach (var e in Emergencies)
        {
            Row(csv, "emergency", Utc(e.PlacedAt), e.AgentName, e.DialledNumber, e.Country, e.IsTest ? "yes" : "no", e.CallbackNumber, e.Outcome,
                Utc(e.CallEndedAt), e.EndedBy, string.Join("; ", e.Alerts), null, null, null, null);
        }

        foreach (var a in Alerts)
        {
            Row(csv, "alert", Utc(a.RaisedAt), a.AgentName, null, null, null, null, null, null, null, a.Title, a.Message, a.AcknowledgedBy, Utc(a.AcknowledgedAt), a.Note);
        }

        return csv.ToString();
    }

    private static string Outcome(EmergencyView e) => e.RuntimeStatus switch
    {
        "Running" => $"Running: {OpsWording.Stage(e.Stage)}",
        "Failed" => $"Failed at: {OpsWording.Stage(e.Stage)}",
        _ => OpsWording.Stage(e.Stage),
    };

    private static string? Utc(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, params string?[] cells)
    {
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    private static string Cell(string? value)
    {
        var text = Mask.ForLog(value ?? string.Empty);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
