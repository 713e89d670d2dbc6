namespace CheapTokens.Core.Orders;

/// <summary>Encrypts buyers' API keys at rest.</summary>
public interface IKeyVault
{
    string Protect(string apiKey);

    string Unprotect(string protectedApiKey);
}

public static class ApiKeyHint
{
    public const int VisibleCharacters = 6;

    /// <summary>The last characters of a key, enough for a buyer to tell keys apart in a list.</summary>
    public static string Of(string apiKey) =>
        apiKey.Length <= VisibleCharacters ? apiKey : apiKey[^VisibleCharacters..];
}
