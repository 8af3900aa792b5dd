using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.TwoFactor;

/// <summary>The outcome of a two-factor change: the field errors to show, or success with any new recovery codes
/// (shown once, never stored in clear).</summary>
public sealed record TwoFactorResult(IReadOnlyList<FieldError> Errors, IReadOnlyList<string> RecoveryCodes)
{
    public static TwoFactorResult Success { get; } = new([], []);

    public bool Succeeded => Errors.Count == 0;

    public static TwoFactorResult WithCodes(IReadOnlyList<string> codes) => new([], codes);

    public static TwoFactorResult Fail(string field, string message) => new([new FieldError(field, message)], []);
}
