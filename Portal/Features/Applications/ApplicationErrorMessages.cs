using Notarial.Portal.Features.Accounts;

namespace Notarial.Portal.Features.Applications;

/// <summary>How the portal's pages show the service's expected failures: next to a field when there is one.</summary>
internal static class ApplicationErrorMessages
{
    public static IReadOnlyList<FieldError> ToFieldErrors(ApplicationError error) => error switch
    {
        ApplicationError.Invalid invalid => invalid.Fields,
        ApplicationError.BeyondRights beyond => [new FieldError(beyond.Scope == "environment" ? ApplicationFields.Environment : ApplicationFields.Scopes, beyond.Message)],
        _ => [new FieldError("", error.Message)],
    };
}
