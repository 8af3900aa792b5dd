using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notarial.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddAdminIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_security_events_TargetId_OccurredAt",
                table: "security_events",
                columns: new[] { "TargetId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictAuthorizations_CreationDate",
                table: "OpenIddictAuthorizations",
                column: "CreationDate");

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictApplications_CreatedAt",
                table: "OpenIddictApplications",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictApplications_DisplayName",
                table: "OpenIddictApplications",
                column: "DisplayName");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_DisplayName",
                table: "AspNetUsers",
                column: "DisplayName");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_CreatedAt",
                table: "api_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_Hint",
                table: "api_keys",
                column: "Hint");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_Name",
                table: "api_keys",
                column: "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_security_events_TargetId_OccurredAt",
                table: "security_events");

            migrationBuilder.DropIndex(
                name: "IX_OpenIddictAuthorizations_CreationDate",
                table: "OpenIddictAuthorizations");

            migrationBuilder.DropIndex(
                name: "IX_OpenIddictApplications_CreatedAt",
                table: "OpenIddictApplications");

            migrationBuilder.DropIndex(
                name: "IX_OpenIddictApplications_DisplayName",
                table: "OpenIddictApplications");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_DisplayName",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_CreatedAt",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_Hint",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_Name",
                table: "api_keys");
        }
    }
}
