using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Accounts;

/// <summary>
/// At start (after migrations): makes sure the roles exist, and creates the first admin from configuration when the
/// platform has no admin yet. Never changes an existing account. Instances starting together on one database take
/// turns (the migration lock), so one makes the roles and the admin and the others find them.
/// </summary>
public sealed partial class AccountBootstrapper(
    IServiceScopeFactory scopes,
    Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext> contexts,
    IOptions<BootstrapOptions> options,
    TimeProvider time,
    ILogger<AccountBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await using var turn = await DatabaseStartupLock.AcquireAsync(db, DatabaseMigrator.MigrationLockKey, cancellationToken);
            await BootstrapAsync(cancellationToken);
        }
    }

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.AdminEmail) || string.IsNullOrEmpty(settings.AdminPassword))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if ((await users.GetUsersInRoleAsync(PortalRoles.Admin)).Count > 0)
        {
            return;
        }

        var email = settings.AdminEmail.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            LogExistingAccount(email);
            return;
        }

        user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, settings.AdminPassword);
        if (!created.Succeeded)
        {
            // A bad bootstrap password must stop the start: running without the admin the operator asked for is worse.
            throw new InvalidOperationException("Bootstrap admin could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRolesAsync(user, [PortalRoles.Developer, PortalRoles.Admin]);
        await scope.ServiceProvider.GetRequiredService<Notarial.Portal.Features.Platform.SampleDataSeeder>().SeedTestEnvironmentAsync(user.Id, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<SecurityEventLog>().RecordAsync(
            new SecurityEventEntry(SecurityEventTypes.AdminBootstrapped, SubjectUserId: user.Id, Details: "First admin created from configuration"), cancellationToken);
        LogCreated(email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} created")]
    private partial void LogCreated(string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap admin not created: {Email} already has an account that is not an admin; make it one from the admin area")]
    private partial void LogExistingAccount(string email);
}
