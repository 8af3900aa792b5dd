namespace Notarial.Portal.Features.Security;

/// <summary>The names of security events. Later features add theirs here so the audit viewer can list them all.</summary>
public static class SecurityEventTypes
{
    public const string AccountRegistered = "account.registered";
    public const string EmailConfirmed = "account.email_confirmed";
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignInLockedOut = "signin.locked_out";
    public const string SignedOut = "signin.signed_out";
    public const string PasswordResetRequested = "password.reset_requested";
    public const string PasswordReset = "password.reset";
    public const string PasswordChanged = "password.changed";
    public const string EmailChangeRequested = "email.change_requested";
    public const string EmailChanged = "email.changed";
    public const string ProfileUpdated = "account.profile_updated";
    public const string AccountDeleted = "account.deleted";
    public const string AdminBootstrapped = "admin.bootstrapped";
    public const string ConsentGranted = "consent.granted";
    public const string ConsentRevoked = "consent.revoked";
    public const string ClientAuthenticationFailed = "oauth.client_auth_failed";
    public const string TokenRevoked = "oauth.token_revoked";
    public const string SigningKeysRotated = "oauth.keys_rotated";
    public const string TwoFactorEnabled = "2fa.enabled";
    public const string TwoFactorDisabled = "2fa.disabled";
    public const string TwoFactorRecoveryCodesRegenerated = "2fa.recovery_codes_regenerated";
    public const string TwoFactorRecoveryCodeUsed = "2fa.recovery_code_used";
    public const string TwoFactorAuthenticatorReset = "2fa.authenticator_reset";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyUpdated = "api_key.updated";
    public const string ApiKeyRotated = "api_key.rotated";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string ApiKeyLeakReported = "api_key.leak_reported";
    public const string ApplicationCreated = "application.created";
    public const string ApplicationUpdated = "application.updated";
    public const string ApplicationSecretRotated = "application.secret_rotated";
    public const string ApplicationDisabled = "application.disabled";
    public const string ApplicationEnabled = "application.enabled";
    public const string ApplicationDeleted = "application.deleted";
    public const string WebhookEndpointCreated = "webhook.endpoint_created";
    public const string WebhookEndpointUpdated = "webhook.endpoint_updated";
    public const string WebhookSecretRotated = "webhook.secret_rotated";
    public const string WebhookEndpointDeleted = "webhook.endpoint_deleted";

    // Actions of support staff and admins from the admin area: each carries the actor, the reason and the target.
    public const string AdminUserLocked = "admin.user_locked";
    public const string AdminUserUnlocked = "admin.user_unlocked";
    public const string AdminTwoFactorReset = "admin.2fa_reset";
    public const string AdminSignedOut = "admin.user_signed_out";
    public const string AdminCredentialsRevoked = "admin.credentials_revoked";
    public const string AdminRolesChanged = "admin.roles_changed";
    public const string AdminApiKeyRevoked = "admin.api_key_revoked";
    public const string AdminApiKeyFound = "admin.api_key_found_by_secret";
    public const string AdminApplicationDisabled = "admin.application_disabled";
    public const string AdminApplicationEnabled = "admin.application_enabled";
    public const string AdminApplicationTokensRevoked = "admin.application_tokens_revoked";
    public const string AdminApplicationDeleted = "admin.application_deleted";
    public const string AdminGrantRevoked = "admin.grant_revoked";
    public const string AdminGrantsRevoked = "admin.grants_revoked";
    public const string AdminTokenRevoked = "admin.token_revoked";
    public const string PluginCreated = "plugin.created";
    public const string PluginUpdated = "plugin.updated";
    public const string PluginEnabled = "plugin.enabled";
    public const string PluginDisabled = "plugin.disabled";
    public const string PluginDeleted = "plugin.deleted";
    public const string PluginStarted = "plugin.started";
    public const string PluginStopped = "plugin.stopped";
    public const string PluginRestarted = "plugin.restarted";
    public const string PluginSecretRotated = "plugin.secret_rotated";
    public const string PluginDeclared = "plugin.declared";
    /// <summary>Every type, for the audit viewer's filter.</summary>
    public static IReadOnlyList<string> All { get; } = [.. typeof(SecurityEventTypes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)];
}
