using Microsoft.EntityFrameworkCore.Migrations;

namespace CheapTokens.Blazor.Data.Migrations.Postgres;

/// <summary>
/// Turns instant columns stored as <see cref="UtcTimestampConverter"/> text ("2026-11-21T23:59:59.9000000Z", or null)
/// into <c>timestamp with time zone</c> and back, row by row, for the PostgreSQL migrations of both contexts.
/// One ALTER TABLE per table, so each table is rewritten once; it runs in the migration's transaction, so text that
/// cannot be read as an instant stops the migration and leaves every row as it was.
/// </summary>
public static class UtcTextColumns
{
    /// <summary>
    /// The converter's text read as the instant it names. PostgreSQL keeps microseconds: the seventh fraction digit
    /// (100 ns) is dropped, as Npgsql drops it when the app writes that instant, so old and new rows compare alike.
    /// Text in any other form fails the migration, naming the value, rather than being guessed at.
    /// </summary>
    public static void ToTimestamptz(MigrationBuilder migrationBuilder, string table, params string[] columns) =>
        Alter(migrationBuilder, table, columns, column => $$"""
            timestamp with time zone USING CASE
                WHEN "{{column}}" IS NULL THEN NULL
                WHEN "{{column}}" ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$' THEN (left("{{column}}", 26) || 'Z')::timestamp with time zone
                ELSE ('{{table}}.{{column}} holds no UTC instant: ' || "{{column}}")::timestamp with time zone END
            """);

    /// <summary>Back to the converter's fixed-width UTC text (the dropped digit comes back as 0).</summary>
    public static void ToUtcText(MigrationBuilder migrationBuilder, string table, params string[] columns) =>
        Alter(migrationBuilder, table, columns, column =>
            $"""text USING to_char("{column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '0Z'""");

    private static void Alter(MigrationBuilder migrationBuilder, string table, string[] columns, Func<string, string> typeAndUsing) =>
        migrationBuilder.Sql($"""ALTER TABLE "{table}" {string.Join(", ", columns.Select(c => $"""ALTER COLUMN "{c}" TYPE {typeAndUsing(c)}"""))};""");
}
