namespace CheapTokens.StandIns.Data;

/// <summary>
/// Which database the stand-ins keep their state in: the store's own (same engine, same connection string), so that
/// a stand-in shared by several nodes shares its state. The host says which; the stand-ins never read its settings.
/// </summary>
public sealed class StandInsDatabaseOptions
{
    public bool IsPostgres { get; set; }

    /// <summary>An Npgsql connection string with <see cref="IsPostgres"/>, else a Microsoft.Data.Sqlite one.</summary>
    public string ConnectionString { get; set; } = "";
}
