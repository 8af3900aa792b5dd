namespace Notarial.Portal.Features.ApiKeys;

/// <summary>The answer to a leak report. Deliberately says nothing about whether the key existed or was active.</summary>
public enum ApiKeyLeakReport
{
    /// <summary>The report was taken: if the key was valid, it is now revoked.</summary>
    Received,

    /// <summary>The text is not an API key of this platform (format or checksum), which anyone can check offline.</summary>
    NotAKey,
}
