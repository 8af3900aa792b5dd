using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Tests.Features.Audit;

[Collection(PortalCollection.Name)]
public sealed class SecurityEventActorTests(PortalApp app)
{
    [Fact]
    public async Task An_action_recorded_with_only_the_actors_id_keeps_the_actors_address_too()
    {
        var admin = await app.Given.DeveloperAsync();
        var events = app.Services.GetRequiredService<SecurityEventLog>();

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.SigningKeysRotated, admin.Id, TargetType: "signing_keys"));

        var recorded = await app.InDbAsync(db => db.SecurityEvents.Where(e => e.ActorUserId == admin.Id).SingleAsync());
        Assert.Equal(admin.Email, recorded.ActorEmail);
        Assert.Equal(SecurityEventTypes.SigningKeysRotated, recorded.Type);
    }
}
