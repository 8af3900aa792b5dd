using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Notarial.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddTwoFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "two_factor_recovery_codes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_two_factor_recovery_codes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_two_factor_recovery_codes_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "two_factor_states",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    AuthenticatorKey = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    PendingKey = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    LastAcceptedStep = table.Column<long>(type: "INTEGER", nullable: true),
                    EnabledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_two_factor_states", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_two_factor_states_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_two_factor_recovery_codes_UserId_Hash",
                table: "two_factor_recovery_codes",
                columns: new[] { "UserId", "Hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "two_factor_recovery_codes");

            migrationBuilder.DropTable(
                name: "two_factor_states");
        }
    }
}
