using Microsoft.Extensions.DependencyInjection;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Tests.Infrastructure;

public sealed partial class Given
{
    /// <summary>The sample data a new account gets in its test environment (registration seeds it; test users are made directly).</summary>
    public Task SampleDataAsync(TestUser owner) =>
        app.Services.GetRequiredService<SampleDataSeeder>().SeedTestEnvironmentAsync(owner.Id);
}
