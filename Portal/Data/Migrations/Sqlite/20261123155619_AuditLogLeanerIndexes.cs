using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notarial.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditLogLeanerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_log_ClientId_OccurredAt",
                table: "audit_log");

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_ClientId_OccurredAt",
                table: "audit_log",
                columns: new[] { "ClientId", "OccurredAt" },
                filter: "\"ClientId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_log_ClientId_OccurredAt",
                table: "audit_log");

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_ClientId_OccurredAt",
                table: "audit_log",
                columns: new[] { "ClientId", "OccurredAt" });
        }
    }
}
