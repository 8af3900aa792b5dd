using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notarial.Portal.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class WebhookDeliveriesDueByEndpoint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_EndpointId_State_NextAttemptAt",
                table: "webhook_deliveries",
                columns: new[] { "EndpointId", "State", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_EndpointId_State_NextAttemptAt",
                table: "webhook_deliveries");
        }
    }
}
