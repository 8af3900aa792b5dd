namespace Notarial.Portal.Features.ApiKeys;

/// <summary>The outcome of verifying a presented key: the key when accepted, else why it was refused.</summary>
public readonly record struct ApiKeyVerification(VerifiedApiKey? Key, ApiKeyRejection Rejection)
{
    public bool Succeeded => Rejection == ApiKeyRejection.None;

    public static ApiKeyVerification Accept(VerifiedApiKey key) => new(key, ApiKeyRejection.None);

    public static ApiKeyVerification Reject(ApiKeyRejection rejection, VerifiedApiKey? key = null) => new(key, rejection);
}
