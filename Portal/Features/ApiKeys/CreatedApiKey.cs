namespace Notarial.Portal.Features.ApiKeys;

/// <summary>A key just made (created or rotated) with its secret: the one moment the plaintext exists. Show it once.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret)
{
    // Keep the secret out of logs and debugger displays that print records.
    public override string ToString() => $"CreatedApiKey {{ Key = {Key.Id}, Hint = {Key.Hint} }}";
}
