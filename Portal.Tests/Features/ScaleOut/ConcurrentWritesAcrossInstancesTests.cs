using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Admin;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Security;
using Npgsql;

namespace Notarial.Portal.Tests.Features.ScaleOut;

/// <summary>Writes from two instances to the same rows at the same moment, on the shared PostgreSQL database.</summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class ConcurrentWritesAcrossInstancesTests(TwoInstances cluster)
{
    [Fact]
    public async Task An_application_deleted_at_A_while_B_records_its_token_activity_is_deleted()
    {
        var admin = await cluster.A.Given.DeveloperWithTwoFactorAsync(PortalRoles.Admin);
        var owner = await cluster.A.Given.DeveloperAsync();
        var client = await cluster.A.Given.MachineClientAsync(owner, "orders:read");

        // What B's token-activity flusher does every few seconds for a client it issued tokens to (an UPDATE of the
        // application row in a transaction of its own), caught in the middle: it holds the row while A deletes it.
        await using var flusher = new NpgsqlConnection(cluster.A.Servers.ConnectionString(cluster.A.Database));
        await flusher.OpenAsync();
        await using var transaction = await flusher.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("""UPDATE "OpenIddictApplications" SET "LastTokenIssuedAt" = now() WHERE "ClientId" = @id""", flusher, transaction))
        {
            update.Parameters.AddWithValue("id", client.ClientId);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var delete = cluster.A.Services.GetRequiredService<AdminActions>().DeleteApplicationAsync(
            new StaffActor(admin.Id, new RequestOrigin("203.0.113.18", "scale-out tests")), client.ApplicationId, new AdminReason(AdminReason.Abuse));
        await Until.ValueAsync(() => WaitingOnLocksAsync(cluster), n => n > 0, "A's delete waiting for the row B holds");
        await transaction.CommitAsync();
        var result = await delete;

        Assert.True(result.Succeeded, result.Message);
        await using var db = await cluster.A.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Set<OAuthApplication>().AnyAsync(a => a.ClientId == client.ClientId));
    }

    private static async Task<long> WaitingOnLocksAsync(TwoInstances cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.A.Servers.ConnectionString(cluster.A.Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
