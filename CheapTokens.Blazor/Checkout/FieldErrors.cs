namespace CheapTokens.Blazor.Checkout;

/// <summary>Field name → messages, keyed as the HTTP API names the fields (credits, email, paymentMethod, ...).</summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public FieldErrors Add(string field, string? message)
    {
        if (message is not null) this[field] = [message];
        return this;
    }

    /// <summary>The field's messages as one line, or null when the field is fine.</summary>
    public string? MessageFor(string field) => TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
