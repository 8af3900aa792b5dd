using System.Security.Claims;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Applications;
using Notarial.Portal.Features.OAuth;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Docs;

/// <summary>Reads the signed-in developer's own keys and applications for the docs' samples (hints and ids, no secret).</summary>
public sealed class DocsReaderService(ApiKeyService keys, ApplicationService applications)
{
    public async Task<DocsValues> ValuesAsync(ClaimsPrincipal user, string baseUri, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated != true || userId is null)
        {
            return DocsValues.Anonymous(baseUri);
        }

        // A test key first: the guides call the sandbox, where new accounts have sample data.
        var key = (await keys.ListAsync(ApiKeyActor.Session(userId, origin, "docs"), cancellationToken))
            .Where(k => k.IsUsable)
            .OrderByDescending(k => k.Environment == "test")
            .ThenByDescending(k => k.CreatedAt)
            .FirstOrDefault();
        var apps = (await applications.ListAsync(ApplicationActor.FromPortalUser(user, origin), cancellationToken)).Where(a => !a.Disabled).ToList();
        DocsReaderApp? App(ApplicationKind kind) => apps.Where(a => a.Kind == kind).Select(a =>
            new DocsReaderApp(a.Name, a.ClientId, a.RedirectUris.FirstOrDefault(), a.Scopes)).FirstOrDefault();

        return DocsValues.For(baseUri, new DocsReader(key?.Name, key?.Hint, App(ApplicationKind.WebApp), App(ApplicationKind.SinglePage), App(ApplicationKind.Machine)));
    }
}
