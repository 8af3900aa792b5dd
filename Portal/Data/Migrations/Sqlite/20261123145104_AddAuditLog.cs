using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notarial.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddAuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CredentialKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    CredentialId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Path = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LatencyMs = table.Column<double>(type: "REAL", nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ResponseBytes = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_rollup_dimensions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HourStart = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CredentialKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CredentialId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_rollup_dimensions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_rollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HourStart = table.Column<long>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CredentialKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CredentialId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Environment = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    Status2xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status3xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status4xx = table.Column<long>(type: "INTEGER", nullable: false),
                    Status5xx = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyTotalMs = table.Column<double>(type: "REAL", nullable: false),
                    ResponseBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe1Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe2Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe5Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe10Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe25Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe50Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe100Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe250Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe500Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe1000Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe2500Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyLe5000Ms = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyOver5000Ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_rollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_AccountId_OccurredAt",
                table: "audit_log",
                columns: new[] { "AccountId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_ClientId_OccurredAt",
                table: "audit_log",
                columns: new[] { "ClientId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_CredentialId_OccurredAt",
                table: "audit_log",
                columns: new[] { "CredentialId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_OccurredAt",
                table: "audit_log",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_audit_log_RequestId",
                table: "audit_log",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollup_dimensions_AccountId_HourStart_CredentialId_CredentialKind_Environment_Dimension_Value_Count",
                table: "usage_rollup_dimensions",
                columns: new[] { "AccountId", "HourStart", "CredentialId", "CredentialKind", "Environment", "Dimension", "Value", "Count" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollup_dimensions_CredentialId_HourStart_CredentialKind_AccountId_Environment_Dimension_Value",
                table: "usage_rollup_dimensions",
                columns: new[] { "CredentialId", "HourStart", "CredentialKind", "AccountId", "Environment", "Dimension", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollup_dimensions_HourStart",
                table: "usage_rollup_dimensions",
                column: "HourStart");

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_AccountId_HourStart",
                table: "usage_rollups",
                columns: new[] { "AccountId", "HourStart" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_CredentialId_HourStart_CredentialKind_AccountId_Environment",
                table: "usage_rollups",
                columns: new[] { "CredentialId", "HourStart", "CredentialKind", "AccountId", "Environment" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_HourStart",
                table: "usage_rollups",
                column: "HourStart");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "usage_rollup_dimensions");

            migrationBuilder.DropTable(
                name: "usage_rollups");
        }
    }
}
