using Notarial.Portal.Features.ApiKeys;

namespace Notarial.Portal.Server.Features.ApiKeys;

/// <summary>
/// Spots an API key in a query string (<c>?api_key=</c>, <c>?apikey=</c>, or any value that starts like a key), which the
/// platform API refuses outright rather than ignore: the caller should learn that the key has been exposed in a URL.
/// </summary>
public static class ApiKeyQueryString
{
    private static readonly string[] KeyParameters = ["api_key", "apikey", "api-key", "x-api-key", "x_api_key"];

    public static bool Carries(HttpRequest request)
    {
        if (!request.QueryString.HasValue)
        {
            return false;
        }

        foreach (var (name, values) in request.Query)
        {
            if (KeyParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var value in values)
            {
                if (value is not null && ApiKeyFormat.LooksLikeKey(value))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
