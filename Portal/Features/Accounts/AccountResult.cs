namespace Notarial.Portal.Features.Accounts;

/// <summary>A problem with one input field ("" when it concerns the whole form).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The outcome of an account operation: success, or the field errors to show next to the inputs.</summary>
public sealed record AccountResult(IReadOnlyList<FieldError> Errors)
{
    public static AccountResult Success { get; } = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static AccountResult Fail(string field, string message) => new([new FieldError(field, message)]);
}
