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
}
