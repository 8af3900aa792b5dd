using Notarial.Portal.Features.ApiKeys;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>What every management endpoint needs, bound with [AsParameters].</summary>
public sealed record ApiKeyEndpointServices(HttpContext Context, ApiKeyService Keys);
