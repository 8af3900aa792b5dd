namespace Notarial.Portal.Features.ApiKeys;

/// <summary>Which parts of a key's settings an operation sets, and so must stay within a managing credential's rights.</summary>
[Flags]
internal enum ApiKeyAspects
{
    None = 0,
    Scopes = 1,
    Environment = 2,
    Networks = 4,
    Limits = 8,
    Expiry = 16,
    All = Scopes | Environment | Networks | Limits | Expiry,
}
