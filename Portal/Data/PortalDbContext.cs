using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Expiry;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Security;
using Notarial.Portal.Features.TwoFactor;
using Notarial.Portal.Features.Webhooks;

namespace Notarial.Portal.Data;

/// <summary>
/// The portal's one database: Identity, OpenIddict and every feature's tables. Each provider has a derived context
/// (<see cref="SqlitePortalDbContext"/>) that owns that provider's migrations; the rest of the code only knows this type.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : IdentityDbContext<PortalUser, IdentityRole, string>(options)
{
    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<TwoFactorState> TwoFactorStates => Set<TwoFactorState>();

    public DbSet<RecoveryCode> TwoFactorRecoveryCodes => Set<RecoveryCode>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<ExpiryReminder> ExpiryReminders => Set<ExpiryReminder>();

    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public DbSet<UsageRollup> UsageRollups => Set<UsageRollup>();

    public DbSet<UsageRollupDimension> UsageRollupDimensions => Set<UsageRollupDimension>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict<OAuthApplication, OAuthAuthorization, OAuthScope, OAuthToken, string>();
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
