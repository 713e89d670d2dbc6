using CheapTokens.Core.Orders;
using Microsoft.Data.Sqlite;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// SQLite has no SHA-256. The migration that replaced plain order tokens by their hashes calls this function, so the
/// connection that applies migrations registers it first; it hashes exactly as the app looks tokens up.
/// </summary>
public static class TokenHashFunction
{
    public const string Name = "cheaptokens_token_hash";

    public static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?>(Name, token => token is null ? null : OrderToken.Hash(token), isDeterministic: true);
}
