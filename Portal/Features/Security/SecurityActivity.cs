using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;

namespace Notarial.Portal.Features.Security;

/// <summary>Reads an account's own security history (sign-ins, password and email changes...).</summary>
public sealed class SecurityActivity(IDbContextFactory<PortalDbContext> contexts)
{
    public async Task<IReadOnlyList<SecurityEvent>> RecentForUserAsync(string userId, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SecurityEvents.AsNoTracking()
            .Where(e => e.SubjectUserId == userId)
            .OrderByDescending(e => e.OccurredAt)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>A sentence for an event type, as the account owner reads it.</summary>
    public static string Describe(string type) => type switch
    {
        SecurityEventTypes.AccountRegistered => "Account created",
        SecurityEventTypes.EmailConfirmed => "Email address confirmed",
        SecurityEventTypes.SignInSucceeded => "Signed in",
        SecurityEventTypes.SignInFailed => "Failed sign-in attempt",
        SecurityEventTypes.SignInLockedOut => "Sign-in locked after repeated failures",
        SecurityEventTypes.SignedOut => "Signed out",
        SecurityEventTypes.PasswordResetRequested => "Password reset requested",
        SecurityEventTypes.PasswordReset => "Password reset",
        SecurityEventTypes.PasswordChanged => "Password changed",
        SecurityEventTypes.EmailChangeRequested => "Email change requested",
        SecurityEventTypes.EmailChanged => "Email address changed",
        SecurityEventTypes.ProfileUpdated => "Profile updated",
        SecurityEventTypes.AccountDeleted => "Account deleted",
        SecurityEventTypes.AdminBootstrapped => "Administrator account created",
        SecurityEventTypes.ConsentGranted => "Gave an application access",
        SecurityEventTypes.ConsentRevoked => "Revoked an application's access",
        SecurityEventTypes.ClientAuthenticationFailed => "An application failed to authenticate",
        SecurityEventTypes.TokenRevoked => "A token was revoked",
        SecurityEventTypes.SigningKeysRotated => "Token signing keys rotated",
        SecurityEventTypes.TwoFactorEnabled => "Two-factor authentication turned on",
        SecurityEventTypes.TwoFactorDisabled => "Two-factor authentication turned off",
        SecurityEventTypes.TwoFactorRecoveryCodesRegenerated => "New recovery codes generated (the old ones no longer work)",
        SecurityEventTypes.TwoFactorRecoveryCodeUsed => "Signed in with a recovery code",
        SecurityEventTypes.TwoFactorAuthenticatorReset => "Authenticator app changed",
        SecurityEventTypes.ApiKeyCreated => "API key created",
        SecurityEventTypes.ApiKeyUpdated => "API key settings changed",
        SecurityEventTypes.ApiKeyRotated => "API key rotated",
        SecurityEventTypes.ApiKeyRevoked => "API key revoked",
        SecurityEventTypes.ApiKeyLeakReported => "API key reported as leaked (and revoked)",
        SecurityEventTypes.ApplicationCreated => "Registered an application",
        SecurityEventTypes.ApplicationUpdated => "Changed an application's settings",
        SecurityEventTypes.ApplicationSecretRotated => "Rotated an application's client secret",
        SecurityEventTypes.ApplicationDisabled => "Disabled an application (its tokens stopped working)",
        SecurityEventTypes.ApplicationEnabled => "Enabled an application again",
        SecurityEventTypes.ApplicationDeleted => "Deleted an application",
        SecurityEventTypes.WebhookEndpointCreated => "Webhook endpoint added",
        SecurityEventTypes.WebhookEndpointUpdated => "Webhook endpoint changed",
        SecurityEventTypes.WebhookSecretRotated => "Webhook signing secret rotated",
        SecurityEventTypes.WebhookEndpointDeleted => "Webhook endpoint deleted",
        SecurityEventTypes.AdminUserLocked => "Account locked by support",
        SecurityEventTypes.AdminUserUnlocked => "Account unlocked by support",
        SecurityEventTypes.AdminTwoFactorReset => "Two-factor authentication reset by support (set it up again)",
        SecurityEventTypes.AdminSignedOut => "Signed out everywhere by support",
        SecurityEventTypes.AdminCredentialsRevoked => "All API keys and tokens revoked by support",
        SecurityEventTypes.AdminRolesChanged => "Roles changed by an administrator",
        SecurityEventTypes.AdminApiKeyRevoked => "API key revoked by support",
        SecurityEventTypes.AdminApiKeyFound => "API key looked up by support from its secret",
        SecurityEventTypes.AdminApplicationDisabled => "Application disabled by support",
        SecurityEventTypes.AdminApplicationEnabled => "Application enabled by support",
        SecurityEventTypes.AdminApplicationTokensRevoked => "Application's tokens and grants revoked by support",
        SecurityEventTypes.AdminApplicationDeleted => "Application deleted by support",
        SecurityEventTypes.AdminGrantRevoked => "An application's access revoked by support",
        SecurityEventTypes.AdminGrantsRevoked => "Applications' access revoked by support",
        SecurityEventTypes.AdminTokenRevoked => "An application's token revoked by support",
        _ => type,
    };
}
