using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Infrastructure;

/// <summary>A key made for a test: its id, its secret and its owner.</summary>
public sealed record TestApiKey(Guid Id, string Secret, TestUser Owner);

public sealed partial class Given
{
    /// <summary>A key made through the application's service, as its owner would in the portal.</summary>
    public async Task<TestApiKey> ApiKeyAsync(
        TestUser? owner = null,
        string scopes = "orders:read",
        string type = "client",
        string environment = "live",
        string? expires = null,
        string? allowedIps = null,
        int? requestsPerHour = null,
        int? burstPerSecond = null,
        string name = "Test key")
    {
        owner ??= await DeveloperAsync();
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var result = await keys.CreateAsync(ApiKeyActor.Session(owner.Id, RequestOrigin.Unknown, "test"), new ApiKeyDraft(
            name, type, environment, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), expires,
            ApiKeyIpAllowlist.Split(allowedIps), requestsPerHour, burstPerSecond));
        Assert.True(result.Succeeded, $"Could not create the key: {result.Error}");
        return new TestApiKey(result.Value!.Key.Id, result.Value.Secret, owner);
    }

    /// <summary>Revokes a key through the service, as its owner would.</summary>
    public async Task RevokeAsync(TestApiKey key, string? reason = null)
    {
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var result = await keys.RevokeAsync(ApiKeyActor.Session(key.Owner.Id, RequestOrigin.Unknown, "test"), key.Id, reason);
        Assert.True(result.Succeeded, $"Could not revoke the key: {result.Error}");
    }

    /// <summary>Rotates a key through the service; the replacement with its secret.</summary>
    public async Task<TestApiKey> RotateAsync(TestApiKey key, string grace)
    {
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var result = await keys.RotateAsync(ApiKeyActor.Session(key.Owner.Id, RequestOrigin.Unknown, "test"), key.Id, grace);
        Assert.True(result.Succeeded, $"Could not rotate the key: {result.Error}");
        return new TestApiKey(result.Value!.Key.Id, result.Value.Secret, key.Owner);
    }
}
