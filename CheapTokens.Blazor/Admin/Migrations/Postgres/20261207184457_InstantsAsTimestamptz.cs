using CheapTokens.Blazor.Data.Migrations.Postgres;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CheapTokens.Blazor.Admin.Migrations.Postgres
{
    /// <summary>
    /// Instants become <c>timestamp with time zone</c>, so PostgreSQL indexes, compares and ranges over them itself.
    /// The generated ALTER COLUMN has no USING clause and PostgreSQL cannot cast the stored text on its own: every
    /// column is converted row by row from the text the app wrote (<see cref="UtcTextColumns"/>), nulls staying null.
    /// </summary>
    public partial class InstantsAsTimestamptz : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            UtcTextColumns.ToTimestamptz(migrationBuilder, "AuditLog", "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            UtcTextColumns.ToUtcText(migrationBuilder, "AuditLog", "At");
        }
    }
}
