using Microsoft.AspNetCore.Components;
using MudBlazor;
using Notarial.Portal.Components.Shared;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>The dialogs of the key pages, opened the same way from the list and from a key's page.</summary>
public static class ApiKeyDialogs
{
    private static readonly DialogOptions FormOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
    private static readonly DialogOptions SecretOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false };

    /// <summary>Generates a key; null when the person cancelled.</summary>
    public static async Task<CreatedApiKey?> GenerateAsync(IDialogService dialogs, ApiKeyActor actor, bool isAdmin)
    {
        var parameters = new DialogParameters<ApiKeyFormDialog> { { d => d.Actor, actor }, { d => d.IsAdmin, isAdmin } };
        var result = await (await dialogs.ShowAsync<ApiKeyFormDialog>("Generate an API key", parameters, FormOptions)).Result;
        return result is { Canceled: false, Data: CreatedApiKey created } ? created : null;
    }

    /// <summary>Edits a key's settings; the changed key, or null when cancelled.</summary>
    public static async Task<ApiKeyView?> EditAsync(IDialogService dialogs, ApiKeyActor actor, ApiKeyView key, bool isAdmin)
    {
        var parameters = new DialogParameters<ApiKeyFormDialog> { { d => d.Actor, actor }, { d => d.IsAdmin, isAdmin }, { d => d.Existing, key } };
        var result = await (await dialogs.ShowAsync<ApiKeyFormDialog>($"Edit {key.Name}", parameters, FormOptions)).Result;
        return result is { Canceled: false, Data: ApiKeyView changed } ? changed : null;
    }

    /// <summary>Rotates a key; the replacement, or null when cancelled.</summary>
    public static async Task<CreatedApiKey?> RotateAsync(IDialogService dialogs, ApiKeyActor actor, ApiKeyView key)
    {
        var parameters = new DialogParameters<RotateApiKeyDialog> { { d => d.Actor, actor }, { d => d.Key, key } };
        var result = await (await dialogs.ShowAsync<RotateApiKeyDialog>($"Rotate {key.Name}", parameters, FormOptions)).Result;
        return result is { Canceled: false, Data: CreatedApiKey created } ? created : null;
    }

    /// <summary>Shows a new key's secret once, with a sample call; returns when the person has closed it.</summary>
    public static async Task ShowSecretAsync(IDialogService dialogs, CreatedApiKey created, string baseUri, string title)
    {
        RenderFragment sample = builder =>
        {
            builder.OpenComponent<ApiKeyTrySample>(0);
            builder.AddComponentParameter(1, nameof(ApiKeyTrySample.Secret), created.Secret);
            builder.AddComponentParameter(2, nameof(ApiKeyTrySample.BaseUri), baseUri);
            builder.CloseComponent();
        };
        var parameters = new DialogParameters<SecretDialog>
        {
            { d => d.Title, title },
            { d => d.SecretName, "API key" },
            { d => d.Secret, created.Secret },
            { d => d.ChildContent, sample },
        };
        await (await dialogs.ShowAsync<SecretDialog>(title, parameters, SecretOptions)).Result;
    }

    /// <summary>Asks before revoking, naming the key.</summary>
    public static Task<bool> ConfirmRevokeAsync(IDialogService dialogs, ApiKeyView key) =>
        ConfirmDialog.AskAsync(dialogs, $"Revoke “{key.Name}”?",
            $"Every request made with {key.Hint} will fail from now on, on every server. This cannot be undone.", "Revoke key");
}
