namespace Notarial.Portal.Features.Plugins;

/// <summary>The outcome of a plugin operation: done (with the plugin), or refused with the reason and the fields at fault.</summary>
public sealed record PluginResult(bool Succeeded, string Message, Admin.AdminFailure? Failure = null, IReadOnlyList<Accounts.FieldError>? Errors = null, PluginView? Plugin = null)
{
    public IReadOnlyList<Accounts.FieldError> FieldErrors => Errors ?? [];

    public static PluginResult Forbidden() => new(false, "Only admins manage plugins.", Admin.AdminFailure.Forbidden);

    public static PluginResult NotFound() => new(false, "The plugin was not found: it may have been deleted meanwhile.", Admin.AdminFailure.NotFound);

    public static PluginResult Invalid(IReadOnlyList<Accounts.FieldError> errors) =>
        new(false, "Check the highlighted fields.", Admin.AdminFailure.Invalid, errors);

    public static PluginResult Declared(string name) =>
        new(false, $"“{name}” is declared in the portal's configuration (Plugins:Items): change it there.", Admin.AdminFailure.Invalid);
}
