using Notarial.Portal.Features.ApiKeys;
using Notarial.Portal.Server.Features.Api;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>
/// Why a request's API key was not accepted, as the platform API answers it: the one place that turns a refusal into a
/// status, an error type, a code and a message. Messages never repeat the key.
/// </summary>
public sealed record ApiKeyProblem(int Status, string Type, string Code, string Message)
{
    public static ApiKeyProblem Malformed { get; } = new(StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, "invalid_api_key",
        "This is not a valid API key: check that it was copied whole. Keys look like notary_... and travel in the X-API-Key header or as Authorization: Bearer.");

    public static ApiKeyProblem Unknown { get; } = new(StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, "invalid_api_key",
        "The API key is not valid.");

    public static ApiKeyProblem Revoked { get; } = new(StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, "revoked_api_key",
        "The API key has been revoked. Create a new key in the portal.");

    public static ApiKeyProblem Expired { get; } = new(StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, "expired_api_key",
        "The API key has expired, or was replaced by rotation and its grace period has ended.");

    public static ApiKeyProblem IpNotAllowed { get; } = new(StatusCodes.Status403Forbidden, ApiErrorTypes.Permission, "ip_not_allowed",
        "The API key may not be used from this IP address: add the address to the key's IP allowlist.");

    public static ApiKeyProblem InQueryString { get; } = new(StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request",
        "API keys are never accepted in the query string, because URLs end up in logs and browser history. Send the key in the " +
        "X-API-Key header or as Authorization: Bearer, and consider rotating this one.");

    public static ApiKeyProblem TwoCredentials { get; } = new(StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request",
        "Send one credential per request: an X-API-Key header or an Authorization header, not both.");

    public static ApiKeyProblem SeveralKeys { get; } = new(StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, "invalid_request",
        "Send exactly one API key.");

    public static ApiKeyProblem For(ApiKeyRejection rejection) => rejection switch
    {
        ApiKeyRejection.Malformed => Malformed,
        ApiKeyRejection.Revoked => Revoked,
        ApiKeyRejection.Expired => Expired,
        ApiKeyRejection.IpNotAllowed => IpNotAllowed,
        _ => Unknown,
    };

    /// <summary>The message as a header's quoted string: printable ASCII without quotes or backslashes.</summary>
    public string HeaderSafeMessage => string.Concat(Message.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '\''));

    /// <summary>The RFC 6750 error of the WWW-Authenticate challenge.</summary>
    public string ChallengeError => Status == StatusCodes.Status400BadRequest ? "invalid_request" : "invalid_token";
}
