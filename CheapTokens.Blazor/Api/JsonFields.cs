using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Http;

namespace CheapTokens.Blazor.Api;

/// <summary>
/// Reads a JSON object field by field, so a wrong type is reported against the field that has it
/// (errors.credits) rather than as an anonymous 400 from the model binder.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonElement _root;

    private JsonFields(JsonElement root) => _root = root;

    public FieldErrors Errors { get; } = new();

    public static async Task<JsonFields?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await MalformedRequests.ParseJsonTextAsync(request.Body, default, cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object ? new JsonFields(document.RootElement.Clone()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public int? Int(string name, string label)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        Errors.Add(name, $"{label} must be a whole number.");
        return null;
    }

    public string? String(string name, string label)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Errors.Add(name, $"{label} must be a string.");
        return null;
    }

    /// <summary>Whether the field is present and not null.</summary>
    public bool Has(string name) => TryGet(name, out _);

    /// <summary>An array of strings; a non-string entry is reported with its position and value.</summary>
    /// <summary>Messages kept per field, so a long bad list cannot make a long answer.</summary>
    public const int MaxMessagesPerField = 20;

    /// <param name="maxItems">The longest list accepted; a longer one is refused whole with one message.</param>
    public IReadOnlyList<string?>? StringList(string name, string label, string example, int maxItems)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(name, $"{label} must be a list of strings like [\"{example}\"].");
            return null;
        }
        var count = value.GetArrayLength();
        if (count > maxItems)
        {
            Errors.Add(name, $"At most {maxItems} entries are allowed (got {count}).");
            return null;
        }
        var items = new List<string?>();
        var bad = new List<string>();
        var position = 0;
        foreach (var item in value.EnumerateArray())
        {
            position++;
            if (item.ValueKind == JsonValueKind.String) items.Add(item.GetString());
            else bad.Add($"{label} #{position} must be a string like \"{example}\" (was {item.GetRawText()}).");
        }
        if (bad.Count == 0) return items;
        Errors[name] = bad.Count <= MaxMessagesPerField
            ? bad.ToArray()
            : [.. bad.Take(MaxMessagesPerField), $"… and {bad.Count - MaxMessagesPerField} more like these."];
        return null;
    }

    public Guid? Guid(string name, string label)
    {
        var text = String(name, label);
        if (text is null) return null;
        if (System.Guid.TryParse(text, out var id)) return id;
        Errors.Add(name, $"{label} must be an id as returned by the API.");
        return null;
    }

    /// <summary>Missing and null both count as absent; names match case-insensitively like the web JSON defaults.</summary>
    private bool TryGet(string name, out JsonElement value)
    {
        foreach (var property in _root.EnumerateObject())
        {
            if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            value = property.Value;
            return value.ValueKind != JsonValueKind.Null;
        }
        value = default;
        return false;
    }
}
