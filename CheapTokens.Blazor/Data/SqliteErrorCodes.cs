namespace CheapTokens.Blazor.Data;

public static class SqliteErrorCodes
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE: an insert hit a unique index.</summary>
    public const int UniqueConstraint = 2067;

    /// <summary>SQLITE_CONSTRAINT_PRIMARYKEY: an insert repeated a primary key.</summary>
    public const int PrimaryKeyConstraint = 1555;
}
