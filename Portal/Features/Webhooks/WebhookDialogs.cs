using MudBlazor;
using Notarial.Portal.Components.Shared;

namespace Notarial.Portal.Features.Webhooks;

/// <summary>The dialogs of the webhook pages, opened the same way from the list and from an endpoint's page.</summary>
public static class WebhookDialogs
{
    private static readonly DialogOptions FormOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
    private static readonly DialogOptions SecretOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false };

    /// <summary>Registers an endpoint (for one application, in its environment, when <paramref name="applicationId"/> is
    /// given); null when the person cancelled.</summary>
    public static async Task<CreatedWebhookEndpoint?> AddAsync(IDialogService dialogs, WebhookActor actor, string? applicationId = null, string? environment = null)
    {
        var parameters = new DialogParameters<WebhookFormDialog> { { d => d.Actor, actor }, { d => d.ApplicationId, applicationId }, { d => d.Environment, environment } };
        var result = await (await dialogs.ShowAsync<WebhookFormDialog>("Add a webhook endpoint", parameters, FormOptions)).Result;
        return result is { Canceled: false, Data: CreatedWebhookEndpoint created } ? created : null;
    }

    /// <summary>Edits an endpoint; the changed endpoint, or null when cancelled.</summary>
    public static async Task<WebhookEndpointView?> EditAsync(IDialogService dialogs, WebhookActor actor, WebhookEndpointView endpoint)
    {
        var parameters = new DialogParameters<WebhookFormDialog> { { d => d.Actor, actor }, { d => d.Existing, endpoint } };
        var result = await (await dialogs.ShowAsync<WebhookFormDialog>("Edit the webhook endpoint", parameters, FormOptions)).Result;
        return result is { Canceled: false, Data: WebhookEndpointView changed } ? changed : null;
    }

    public static async Task<CreatedWebhookEndpoint?> RotateAsync(IDialogService dialogs, WebhookActor actor, WebhookEndpointView endpoint)
    {
        var parameters = new DialogParameters<RotateWebhookSecretDialog> { { d => d.Actor, actor }, { d => d.Endpoint, endpoint } };
        var result = await (await dialogs.ShowAsync<RotateWebhookSecretDialog>("Rotate the signing secret", parameters, FormOptions)).Result;
        return result is { Canceled: false, Data: CreatedWebhookEndpoint created } ? created : null;
    }

    /// <summary>Shows a signing secret once, with how to verify deliveries with it.</summary>
    public static async Task ShowSecretAsync(IDialogService dialogs, CreatedWebhookEndpoint created, string title)
    {
        var parameters = new DialogParameters<SecretDialog>
        {
            { d => d.Title, title },
            { d => d.SecretName, "signing secret" },
            { d => d.Secret, created.Secret },
            { d => d.StorageNote, "We keep it encrypted, only to sign deliveries." },
            { d => d.ChildContent, builder =>
                {
                    builder.OpenComponent<WebhookVerificationSample>(0);
                    builder.CloseComponent();
                }
            },
        };
        await (await dialogs.ShowAsync<SecretDialog>(title, parameters, SecretOptions)).Result;
    }

    public static Task<bool> ConfirmDeleteAsync(IDialogService dialogs, WebhookEndpointView endpoint) =>
        ConfirmDialog.AskAsync(dialogs, "Delete this endpoint?",
            $"Nothing more is sent to {endpoint.Url}, and its delivery log is deleted with it. This cannot be undone.", "Delete endpoint");
}
