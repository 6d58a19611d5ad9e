using System.Collections;
using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Application.Logging;

/// <summary>
/// A log record's state with its string values masked and its message already rendered: providers that read the
/// structured values (OpenTelemetry, Application Insights) and those that print the message see the same masked text.
/// </summary>
internal sealed class MaskedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private readonly List<KeyValuePair<string, object?>> _values;

    private MaskedLogState(List<KeyValuePair<string, object?>> values, string message)
    {
        _values = values;
        Message = message;
    }

    public string Message { get; }

    public int Count => _values.Count;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public static MaskedLogState From<TState>(TState state, string message)
    {
        var values = new List<KeyValuePair<string, object?>>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                // The template is the code's own text; every value may come from a request or a service's answer.
                values.Add(new(key, key == OriginalFormat ? value : Masked(value)));
            }
        }

        return new(values, message);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    public override string ToString() => Message;

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static object? Masked(object? value) => value switch
    {
        null => null,
        string text => Mask.ForLog(text),
        IEnumerable<string> texts => texts.Select(Mask.ForLog).ToList(),
        Exception exception => Mask.Exception(exception),
        _ when value.GetType().IsPrimitive || value is DateTimeOffset or DateTime or TimeSpan or Guid or decimal or Enum => value,
        _ => Mask.ForLog(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
