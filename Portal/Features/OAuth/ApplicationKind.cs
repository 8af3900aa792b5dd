namespace Notarial.Portal.Features.OAuth;

/// <summary>The four kinds of OAuth client (PRODUCT.md).</summary>
public enum ApplicationKind
{
    /// <summary>Confidential; authorization code (+ PKCE), refresh tokens.</summary>
    WebApp,

    /// <summary>Public (single-page or native); authorization code with PKCE required, refresh tokens.</summary>
    SinglePage,

    /// <summary>Confidential; client credentials.</summary>
    Machine,

    /// <summary>Provisioned by the system for a plugin; client credentials.</summary>
    Plugin,
}
