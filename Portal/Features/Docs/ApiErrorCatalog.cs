namespace Notarial.Portal.Features.Docs;

/// <summary>One error code of the platform API's envelope, with what causes it and how to fix it.</summary>
public sealed record ApiErrorCode(string Code, int Status, string Type, string Cause, string Fix);

/// <summary>
/// Every <c>code</c> the platform API can put in its error envelope. The errors guide is generated from this list, and a
/// test reads the server's source for every code it writes and fails when one is missing here.
/// </summary>
public static class ApiErrorCatalog
{
    public static IReadOnlyList<ApiErrorCode> All { get; } =
    [
        new("invalid_api_key", 401, "authentication_error",
            "No credential was sent, or the API key is not one of this platform's: mistyped, truncated, with a wrong checksum, or unknown.",
            "Send the whole key in the X-API-Key header (or Authorization: Bearer). Keys start with notary_ or notary_test_ and are 39 or 44 characters long."),
        new("expired_api_key", 401, "authentication_error",
            "The key passed its expiry date, or it was rotated and its grace period has ended.",
            "Use the key that replaced it, or generate a new one on the API keys page."),
        new("revoked_api_key", 401, "authentication_error",
            "The key was revoked by you, by another person of your account, or by support.",
            "Generate a new key. A revoked key never works again."),
        new("expired_token", 401, "authentication_error",
            "The OAuth access token is older than its lifetime (one hour).",
            "Get a new access token: with the refresh token, or with client credentials again. Renew a minute before expires_in runs out."),
        new("invalid_token", 401, "authentication_error",
            "The bearer token is not a token of this server: malformed, signed by another issuer, revoked, or its application was disabled.",
            "Get a new token from /auth/oauth/token. If the user revoked your app, send them through sign-in again."),
        new("insufficient_scope", 403, "permission_error",
            "The credential is valid but lacks the scope the endpoint needs (the WWW-Authenticate header names it).",
            "Give the key or application the scope (or the coarse read/write/delete scope of the same action), or request it at authorization."),
        new("ip_not_allowed", 403, "permission_error",
            "The API key has an IP allowlist and the request came from another address.",
            "Add the caller's address or range to the key's allowlist, or call from an allowed address."),
        new("rate_limit_exceeded", 429, "rate_limit_error",
            "The credential (or, without one, the IP address) used up its hourly budget or its per-second burst.",
            "Wait for the number of seconds in Retry-After, then retry with exponential backoff and jitter. Spread bulk work out or ask for a higher limit."),
        new("validation_failed", 422, "invalid_request_error",
            "A field of the request is missing or has a wrong value; fields (or rows for imports, problems for queries) say which.",
            "Correct each field listed in the error and send the request again. Do not retry unchanged."),
        new("invalid_request", 400, "invalid_request_error",
            "The request cannot be read: malformed JSON, two credentials at once, a credential in the query string, a bad OData option, or a missing antiforgery token on a session call.",
            "Read the message: it says what is wrong. Send one credential, in a header, and a body of the documented shape."),
        new("not_found", 404, "invalid_request_error",
            "Nothing with this id exists in your account and environment, or the path does not exist. Other accounts' records answer 404 too.",
            "Check the id and that the credential's environment (test or live) is the one the record was made in."),
        new("conflict", 409, "invalid_request_error",
            "The change conflicts with the record's state, for example rotating a key that is already rotating.",
            "Read the record again and decide from its current state."),
        new("unsupported_api_version", 400, "invalid_request_error",
            "The X-API-Version header asks for a version this server does not serve.",
            "Send X-API-Version: 1.0 (or 2.0, answered by 1.0) or leave the header out."),
        new("method_not_allowed", 405, "invalid_request_error",
            "The path exists but does not accept this HTTP method.",
            "Use a method the API reference lists for the path."),
        new("payload_too_large", 413, "invalid_request_error",
            "The body is larger than the endpoint accepts (imports: 10 MB; queries: a few kB).",
            "Split the file or query into smaller ones."),
        new("unsupported_media_type", 415, "invalid_request_error",
            "The Content-Type is not one the endpoint reads.",
            "Send application/json, or multipart/form-data for imports."),
        new("internal_error", 500, "api_error",
            "Something failed on the server. It is logged with the request id.",
            "Retry idempotent requests with backoff. If it persists, send the request_id to support."),
    ];

    public static ApiErrorCode? Find(string code) => All.FirstOrDefault(e => e.Code == code);
}
