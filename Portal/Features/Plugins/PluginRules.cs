using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.Plugins;

/// <summary>The rules every plugin meets, whether an admin enters it or configuration declares it.</summary>
public static class PluginRules
{
    public const int MaxArguments = 64;
    public const int MaxVariables = 20;

    public static IReadOnlyList<FieldError> Validate(PluginDraft draft, PluginExecutableResolver resolver, out PluginSpec? spec)
    {
        var errors = new List<FieldError>();
        var name = draft.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(new FieldError(PluginFields.Name, "Enter a name: admins and the audit log know the plugin by it."));
        }
        else if (name.Length > 80 || name.Any(char.IsControl))
        {
            errors.Add(new FieldError(PluginFields.Name, "Use at most 80 characters, without control characters."));
        }

        var description = string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim();
        if (description?.Length > 500)
        {
            errors.Add(new FieldError(PluginFields.Description, "Use at most 500 characters."));
        }

        var executable = draft.Executable?.Trim() ?? "";
        if (resolver.CheckPlacement(executable) is { } placement)
        {
            errors.Add(new FieldError(PluginFields.Executable, placement));
        }

        var arguments = (draft.Arguments ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        while (arguments.Count > 0 && arguments[^1].Length == 0)
        {
            arguments.RemoveAt(arguments.Count - 1);
        }

        if (arguments.Count > MaxArguments || arguments.Sum(a => a.Length + 1) > 4000 || arguments.Any(a => a.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add(new FieldError(PluginFields.Arguments, $"At most {MaxArguments} arguments and 4,000 characters in all, without NUL characters."));
        }

        var scopes = (draft.Scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
        {
            errors.Add(new FieldError(PluginFields.Scopes, "Choose at least one scope: the plugin can ask for no more than these."));
        }
        else if (scopes.FirstOrDefault(s => ScopeCatalog.Find(s) is not { Kind: not ScopeKind.OpenId }) is { } unknown)
        {
            errors.Add(new FieldError(PluginFields.Scopes, $"“{unknown}” is not a platform scope."));
        }

        var environment = string.IsNullOrWhiteSpace(draft.Environment) ? PlatformEnvironments.Live : draft.Environment.Trim().ToLowerInvariant();
        if (environment is not (PlatformEnvironments.Live or PlatformEnvironments.Test))
        {
            errors.Add(new FieldError(PluginFields.Environment, "Choose live or test."));
        }

        var variables = (draft.PassVariables ?? "").Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (variables.FirstOrDefault(v => !PluginEnvironment.IsValidName(v)) is { } bad)
        {
            errors.Add(new FieldError(PluginFields.PassVariables, $"“{bad}” is not a variable name (letters, digits and _, not starting with a digit)."));
        }
        else if (variables.FirstOrDefault(v => PluginEnvironment.Provided.Contains(v, StringComparer.Ordinal)) is { } provided)
        {
            errors.Add(new FieldError(PluginFields.PassVariables, $"{provided} is set by the portal for every plugin: remove it from the list."));
        }
        else if (variables.Count > MaxVariables)
        {
            errors.Add(new FieldError(PluginFields.PassVariables, $"At most {MaxVariables} variables."));
        }

        spec = errors.Count == 0 ? new PluginSpec(name, description, executable, arguments, scopes, environment, variables, draft.Enabled) : null;
        return errors;
    }
}
