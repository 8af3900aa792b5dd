using Notarial.Portal.Components;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Features.Audit;
using Notarial.Portal.Features.Mail;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Server.Features.Accounts;
using Notarial.Portal.Server.Features.ApiKeys;
using Notarial.Portal.Server.Features.Audit;
using Notarial.Portal.Server.Features.Edge;
using Notarial.Portal.Server.Features.Health;
using Notarial.Portal.Server.Features.Imports;
using Notarial.Portal.Server.Features.Orders;
using Notarial.Portal.Server.Features.Platform;
using Notarial.Portal.Server.Hosting;
using Notarial.Portal.Server.OAuth;

var builder = WebApplication.CreateBuilder(args);
builder.AddRootDevelopmentSettings();
builder.AddPortalLogging();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortalData(builder.Configuration);
builder.Services.AddPortalDataProtection();
builder.Services.AddMail();
builder.Services.AddAccounts();
builder.Services.AddPlatformAuthentication();
builder.Services.AddPlatformData();
builder.Services.AddOAuthServer(builder.Configuration, builder.Environment);
builder.Services.AddApiKeys().AddApiKeyAuthentication();
builder.Services.AddAudit();
builder.Services.AddPortalUi();
builder.Services.AddPortalEdge();
builder.Services.AddPortalHealthChecks();

var app = builder.Build();

app.UseApiAudit();
app.UsePortalEdge();
app.UseBrandAssets();
app.UseTokenEndpointGuard();
app.UseAuthentication();
app.UsePlatformPipeline();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapAccountEndpoints();
app.MapPlatformEndpoints();
app.MapOrderEndpoints();
app.MapRecordEndpoints();
app.MapImportEndpoints();
app.MapOAuthEndpoints();
app.MapApiKeyEndpoints();
app.MapAuditEndpoints();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
