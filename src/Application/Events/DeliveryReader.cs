using System.Buffers;
using System.Text;
using System.Text.Json;

namespace EmergencyFlow.Application.Events;

/// <summary>One event of a delivery as clean JSON text, with what had to be repaired to read it.</summary>
/// <param name="Index">Position in the delivery (0 for a single event).</param>
/// <param name="Json">The event, valid JSON in valid UTF-16 (damaged characters replaced by U+FFFD).</param>
/// <param name="Repairs">What was repaired, for the event log; empty when the event arrived intact.</param>
/// <param name="Original">The event's bytes exactly as received (kept whole in a dead letter).</param>
public sealed record RawEvent(int Index, string Json, IReadOnlyList<string> Repairs, ReadOnlyMemory<byte> Original);

/// <summary>A delivery split into its events.</summary>
/// <param name="Events">Every event that could be cut out of the body, in order.</param>
/// <param name="Problem">Why the body (or its rest, after the events listed) could not be read; null when it was read whole.</param>
public sealed record Delivery(IReadOnlyList<RawEvent> Events, string? Problem);

/// <summary>
/// Cuts a webhook body into its events, each on its own, so that one damaged event never costs
/// another its processing. Works on bytes: invalid UTF-8 or a lone UTF-16 surrogate escape inside one
/// event is repaired in that event (U+FFFD, recorded), never a reason to refuse the batch.
/// </summary>
public static class DeliveryReader
{
    /// <summary>Bodies larger than this are refused with 413 (Event Grid delivers at most 1 MB per request).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Event Grid never sends more than this many events in one delivery (a subscription's largest maxEventsPerBatch):
    /// a body with more is refused whole and kept once as a dead letter, not processed and dead-lettered element by element.
    /// </summary>
    public const int MaxEventsPerDelivery = 5000;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads a body: an event object or an array of events.</summary>
    public static Delivery Read(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var events = new List<RawEvent>();
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            if (!reader.Read())
            {
                return new(events, "The body is empty.");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    reader.Skip();
                    events.Add(Clean(0, body[..(int)reader.BytesConsumed]));
                    return new(events, reader.Read() ? "The body holds more than one JSON value." : null);
                case JsonTokenType.StartArray:
                    if (CountElements(body.Span) > MaxEventsPerDelivery)
                    {
                        return new(events, $"The delivery holds more than {MaxEventsPerDelivery} events; Event Grid never sends that many in one request. Nothing in it was processed.");
                    }

                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        events.Add(Clean(events.Count, body[start..(int)reader.BytesConsumed]));
                    }

                    return new(events, reader.Read() ? "The body holds more than one JSON value." : null);
                default:
                    return new(events, "The body must be an event object or an array of events.");
            }
        }
        catch (JsonException ex)
        {
            // The events cut out before the damage are whole and run; the body itself is kept as a dead letter.
            return new(events, $"The body is not valid JSON after {events.Count} event(s): {Describe(ex)}");
        }
    }

    /// <summary>
    /// The body as kept in a dead letter: text when it is UTF-8, else base64; whole up to the largest body accepted
    /// (the host's store decides where a large one goes).
    /// </summary>
    public static (string Payload, string Encoding, bool Truncated) ForDeadLetter(ReadOnlySpan<byte> bytes, int maxBytes = MaxBodyBytes)
    {
        var truncated = bytes.Length > maxBytes;
        var kept = truncated ? bytes[..maxBytes] : bytes;
        try
        {
            return (Strict.GetString(kept), "utf-8", truncated);
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(kept), "base64", truncated);
        }
    }

    /// <summary>How many elements the top-level array holds, stopping one past the limit (a cheap first pass: nothing is decoded).</summary>
    private static int CountElements(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
        reader.Read();
        var count = 0;
        try
        {
            while (count <= MaxEventsPerDelivery && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                count++;
            }
        }
        catch (JsonException)
        {
            // A damaged tail is the second pass's to report; the events before it still run.
        }

        return count;
    }

    private static RawEvent Clean(int index, ReadOnlyMemory<byte> slice)
    {
        try
        {
            var text = Strict.GetString(slice.Span);
            if (!text.Contains("\\u", StringComparison.Ordinal))
            {
                return new(index, text, [], slice);
            }

            // Escapes may still encode a lone surrogate: reading every string finds out.
            using var document = JsonDocument.Parse(text);
            return ReadsWhole(document.RootElement) ? new(index, text, [], slice) : Rebuild(index, slice);
        }
        catch (DecoderFallbackException)
        {
            return Rebuild(index, slice);
        }
    }

    private static bool ReadsWhole(JsonElement element)
    {
        try
        {
            Visit(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static void Visit(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in e.EnumerateObject())
                    {
                        _ = property.Name;
                        Visit(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Visit(item);
                    }

                    break;
                case JsonValueKind.String:
                    _ = e.GetString();
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Writes the event again token by token, replacing what cannot be read as text with U+FFFD.</summary>
    private static RawEvent Rebuild(int index, ReadOnlyMemory<byte> slice)
    {
        var repaired = 0;
        var buffer = new ArrayBufferWriter<byte>(slice.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var reader = new Utf8JsonReader(slice.Span);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(ReadText(ref reader, ref repaired)); break;
                    case JsonTokenType.String: writer.WriteStringValue(ReadText(ref reader, ref repaired)); break;
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                    default: break;
                }
            }
        }

        return new(index, Strict.GetString(buffer.WrittenSpan),
            [$"{repaired} text value(s) held invalid UTF-8 or a lone UTF-16 surrogate; the damaged characters were replaced by U+FFFD."], slice);
    }

    private static string ReadText(ref Utf8JsonReader reader, ref int repaired)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            repaired++;
            var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            return Unescape(Lenient.GetString(raw));
        }
    }

    /// <summary>Decodes JSON string escapes by hand (the reader refuses lone surrogates), then replaces each lone surrogate.</summary>
    private static string Unescape(string raw)
    {
        var units = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length)
            {
                units.Append(c);
                continue;
            }

            var next = raw[++i];
            if (next == 'u' && i + 4 < raw.Length && ushort.TryParse(raw.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var unit))
            {
                units.Append((char)unit);
                i += 4;
                continue;
            }

            units.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => next });
        }

        var chars = units.ToString().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line ? $"line {line + 1}, byte {ex.BytePositionInLine + 1}." : "unreadable.";
}
