using Microsoft.AspNetCore.Hosting;
using Notarial.Portal.Tests.Features.ApiKeys;
using Notarial.Portal.Tests.Features.Applications;
using Notarial.Portal.Tests.Features.Audit;
using Notarial.Portal.Tests.Features.OAuth;
using Notarial.Portal.Tests.Features.Webhooks;

namespace Notarial.Portal.Tests.Infrastructure.ScaleOut;

// The data-layer integration tests again, on PostgreSQL: the same test methods (inherited) against a portal whose
// database is PostgreSQL instead of SQLite. Run them alone with --filter "FullyQualifiedName~OnPostgreSql".

[Collection(PostgreSqlCollection.Name)]
public sealed class ApiKeyAuthenticationTestsOnPostgreSql(PostgreSqlPortalApp app) : ApiKeyAuthenticationTests(app);

[Collection(PostgreSqlCollection.Name)]
public sealed class ApiKeyManagementApiTestsOnPostgreSql(PostgreSqlPortalApp app) : ApiKeyManagementApiTests(app);

[Collection(PostgreSqlCollection.Name)]
public sealed class ApplicationsApiTestsOnPostgreSql(PostgreSqlPortalApp app) : ApplicationsApiTests(app);

[Collection(PostgreSqlCollection.Name)]
public sealed class ClientCredentialsTestsOnPostgreSql(PostgreSqlPortalApp app) : ClientCredentialsTests(app);

[Collection(PostgreSqlCollection.Name)]
public sealed class AuthorizationCodeTestsOnPostgreSql(PostgreSqlPortalApp app) : AuthorizationCodeTests(app);

[Collection(PostgreSqlCollection.Name)]
public sealed class RevocationTestsOnPostgreSql(PostgreSqlPortalApp app) : RevocationTests(app);

[Collection(PostgreSqlCollection.Name)]
public sealed class AuditRecordingTestsOnPostgreSql(PostgreSqlPortalApp app) : AuditRecordingTests(app);

[Collection(PostgreSqlWebhookCollection.Name)]
public sealed class WebhookDeliveryTestsOnPostgreSql(PostgreSqlWebhookApp app) : WebhookDeliveryTests(app);

/// <summary>The webhook tests' portal (their own clock) on a PostgreSQL database of its own.</summary>
public sealed class PostgreSqlWebhookApp : WebhookApp
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        PostgreSqlPortalApp.UsePostgreSql(builder);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlWebhookCollection : ICollectionFixture<PostgreSqlWebhookApp>
{
    public const string Name = "webhooks on PostgreSQL";
}
