namespace Notarial.Portal.Features.ApiKeys;

/// <summary>The kinds of API key of seed 001; <see cref="ApiKeyTypes"/> says what each may do.</summary>
public enum ApiKeyType
{
    /// <summary>A customer's access to their own data: orders and invoices, appointments.</summary>
    Client,

    /// <summary>Integration partners: any platform scope but <c>admin</c>, with rate limits.</summary>
    Partner,

    /// <summary>The operator's own scripts: any scope including <c>admin</c>, no rate limit; only admins create them.</summary>
    Internal,
}
