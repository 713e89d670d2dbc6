namespace CheapTokens.Blazor.Data;

/// <summary>The "Database" configuration section: which engine holds the store's data.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (default: a file in <c>Storage:DataDirectory</c>, one node) or <c>Postgres</c> (several nodes).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Npgsql connection string, required with Postgres; set it by environment variable (it carries a password).</summary>
    public string ConnectionString { get; set; } = "";

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
            errors.Add($"{SectionName}:{nameof(Provider)} must be \"{Sqlite}\" or \"{Postgres}\", not \"{Provider}\".");
        else if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
            errors.Add($"{SectionName}:{nameof(ConnectionString)} is required when {SectionName}:{nameof(Provider)} is \"{Postgres}\" (e.g. Host=127.0.0.1;Port=5432;Database=cheaptokens;Username=...;Password=...).");
        else if (!IsPostgres && !string.IsNullOrWhiteSpace(ConnectionString))
            errors.Add($"{SectionName}:{nameof(ConnectionString)} is only read with \"{Postgres}\"; SQLite lives in Storage:DataDirectory.");
        return errors;
    }
}
