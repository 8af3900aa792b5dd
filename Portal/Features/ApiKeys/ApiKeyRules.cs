using System.Net;
using Notarial.Portal.Features.Accounts;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Scopes;

namespace Notarial.Portal.Features.ApiKeys;

/// <summary>
/// The rules a key's settings obey, in one place for creation and change: names, types and their scopes, environments,
/// expiry, IP allowlists and rate limits within the type's maximum; and the ceiling a managing credential may not exceed.
/// </summary>
internal static class ApiKeyRules
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 500;
    private const int MaxScopes = 40;

    public static string? Name(string? name, List<FieldError> errors)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(new FieldError(ApiKeyFields.Name, "Give the key a name, for example the system that will use it."));
            return null;
        }

        if (trimmed.Length > MaxNameLength)
        {
            errors.Add(new FieldError(ApiKeyFields.Name, $"Use at most {MaxNameLength} characters."));
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            errors.Add(new FieldError(ApiKeyFields.Name, "The name cannot contain control characters."));
            return null;
        }

        return trimmed;
    }

    public static ApiKeyType? Type(string? type, bool isAdmin, List<FieldError> errors)
    {
        if (!ApiKeyTypes.TryParse(type, out var parsed))
        {
            errors.Add(new FieldError(ApiKeyFields.Type, "Pick client, partner or internal."));
            return null;
        }

        if (ApiKeyTypes.RequiresAdmin(parsed) && !isAdmin)
        {
            errors.Add(new FieldError(ApiKeyFields.Type, "Only administrators can create internal keys."));
            return null;
        }

        return parsed;
    }

    public static string? Environment(string? environment, List<FieldError> errors)
    {
        var value = environment?.Trim().ToLowerInvariant();
        if (value is PlatformEnvironments.Live or PlatformEnvironments.Test)
        {
            return value;
        }

        errors.Add(new FieldError(ApiKeyFields.Environment, "Pick live or test."));
        return null;
    }

    /// <summary>The scopes, known and allowed for the type, without duplicates, in catalog order.</summary>
    public static IReadOnlyList<string>? Scopes(ApiKeyType type, IReadOnlyList<string>? scopes, List<FieldError> errors)
    {
        // Seed 003's spellings (read:users, admin:all) are read as the catalog's names.
        var requested = (scopes ?? []).Select(s => ScopeCatalog.Canonical(s?.Trim() ?? "")).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (requested.Count == 0)
        {
            errors.Add(new FieldError(ApiKeyFields.Scopes, "Pick at least one scope."));
            return null;
        }

        if (requested.Count > MaxScopes)
        {
            errors.Add(new FieldError(ApiKeyFields.Scopes, "Too many scopes."));
            return null;
        }

        var unknown = requested.Where(s => ScopeCatalog.Find(s) is not { Kind: not ScopeKind.OpenId }).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError(ApiKeyFields.Scopes, $"Unknown scope: {string.Join(", ", unknown.Select(Shorten))}."));
            return null;
        }

        var refused = requested.Where(s => !ApiKeyTypes.Allows(type, s)).ToList();
        if (refused.Count > 0)
        {
            errors.Add(new FieldError(ApiKeyFields.Scopes, $"{ApiKeyTypes.Title(type)} keys cannot have {string.Join(", ", refused)}."));
            return null;
        }

        return [.. ScopeCatalog.All.Select(s => s.Name).Where(requested.Contains)];
    }

    public static bool Expiry(string? expires, DateTimeOffset now, List<FieldError> errors, out DateTimeOffset? expiresAt)
    {
        if (ApiKeyExpiry.TryResolve(expires, now, out expiresAt, out var error))
        {
            return true;
        }

        errors.Add(new FieldError(ApiKeyFields.Expires, error));
        return false;
    }

    public static IReadOnlyList<IPNetwork>? Networks(IReadOnlyList<string>? entries, List<FieldError> errors)
    {
        if (ApiKeyIpAllowlist.TryParse(entries ?? [], out var networks, out var problems))
        {
            return networks;
        }

        errors.Add(new FieldError(ApiKeyFields.AllowedIps, string.Join(" ", problems.Take(5))));
        return null;
    }

    /// <summary>Rate limits for the type: defaults when not given, within the type's maximum; none for internal keys.</summary>
    public static (int? PerHour, int? Burst) Limits(ApiKeyType type, int? perHour, int? burst, ApiKeyOptions options, List<FieldError> errors)
    {
        if (!ApiKeyTypes.HasRateLimit(type))
        {
            if (perHour is not null)
            {
                errors.Add(new FieldError(ApiKeyFields.RequestsPerHour, "Internal keys have no rate limit."));
            }

            if (burst is not null)
            {
                errors.Add(new FieldError(ApiKeyFields.BurstPerSecond, "Internal keys have no rate limit."));
            }

            return (null, null);
        }

        var maxPerHour = options.MaxRequestsPerHour(type);
        var maxBurst = options.MaxBurstPerSecond(type);
        var hour = perHour ?? Math.Min(options.DefaultRequestsPerHour, maxPerHour);
        var second = burst ?? Math.Min(options.DefaultBurstPerSecond, maxBurst);
        var valid = true;
        if (hour < 1 || hour > maxPerHour)
        {
            errors.Add(new FieldError(ApiKeyFields.RequestsPerHour, $"{ApiKeyTypes.Title(type)} keys allow 1 to {maxPerHour:N0} requests per hour."));
            valid = false;
        }

        if (second < 1 || second > maxBurst)
        {
            errors.Add(new FieldError(ApiKeyFields.BurstPerSecond, $"{ApiKeyTypes.Title(type)} keys allow a burst of 1 to {maxBurst:N0} requests per second."));
            valid = false;
        }

        if (valid && second > hour)
        {
            errors.Add(new FieldError(ApiKeyFields.BurstPerSecond, "The burst cannot be larger than the hourly limit."));
        }

        return (hour, second);
    }

    /// <summary>Why <paramref name="settings"/> exceed what <paramref name="ceiling"/> may grant; null when they do not.</summary>
    public static string? BeyondCeiling(ApiKeyCeiling ceiling, ApiKeySettings settings, ApiKeyAspects aspects = ApiKeyAspects.All)
    {
        var missing = aspects.HasFlag(ApiKeyAspects.Scopes) ? settings.Scopes.Where(s => !ScopeCatalog.Covers(ceiling.Scopes, [s])).ToList() : [];
        if (missing.Count > 0)
        {
            return $"This credential cannot grant scopes it does not hold: {string.Join(", ", missing)}.";
        }

        if (aspects.HasFlag(ApiKeyAspects.Environment) && ceiling.Environment is { } environment && settings.Environment != environment)
        {
            return $"A {environment} credential manages {environment} keys only.";
        }

        if (aspects.HasFlag(ApiKeyAspects.Networks) && ceiling.Networks is { Count: > 0 } networks &&
            (settings.Networks.Count == 0 || !ApiKeyIpAllowlist.IsWithin(settings.Networks, networks)))
        {
            return "The key would be usable from addresses this credential may not use: keep its IP allowlist within this credential's.";
        }

        if (aspects.HasFlag(ApiKeyAspects.Limits) && ceiling.RequestsPerHour is { } hour && (settings.RequestsPerHour is null || settings.RequestsPerHour > hour))
        {
            return $"This credential cannot grant more than {hour:N0} requests per hour.";
        }

        if (aspects.HasFlag(ApiKeyAspects.Limits) && ceiling.BurstPerSecond is { } second && (settings.BurstPerSecond is null || settings.BurstPerSecond > second))
        {
            return $"This credential cannot grant a burst above {second:N0} requests per second.";
        }

        if (aspects.HasFlag(ApiKeyAspects.Expiry) && ceiling.ExpiresAt is { } end && (settings.ExpiresAt is null || settings.ExpiresAt > end))
        {
            return $"This credential expires at {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC and cannot create keys that outlive it.";
        }

        return null;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
