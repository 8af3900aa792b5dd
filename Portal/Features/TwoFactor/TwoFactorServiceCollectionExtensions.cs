using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Notarial.Portal.Features.TwoFactor;

public static class TwoFactorServiceCollectionExtensions
{
    /// <summary>How long "remember this browser" skips the code step.</summary>
    public static readonly TimeSpan RememberBrowserFor = TimeSpan.FromDays(30);

    /// <summary>
    /// Two-factor authentication on top of Identity (call after <c>AddIdentityCore</c> and its default token providers):
    /// the portal's authenticator and recovery-code providers, the 30-day "remember this browser" cookie, the services
    /// and pages' dependencies, and the admin area's "staff with 2FA" policy.
    /// </summary>
    public static IServiceCollection AddTwoFactor(this IServiceCollection services)
    {
        services.Configure<IdentityOptions>(options =>
        {
            // Replaces Identity's authenticator provider under its own name (see TotpTokenProvider for why).
            options.Tokens.ProviderMap[TokenOptions.DefaultAuthenticatorProvider] = new TokenProviderDescriptor(typeof(TotpTokenProvider));
            options.Tokens.AuthenticatorTokenProvider = TokenOptions.DefaultAuthenticatorProvider;
            options.Tokens.ProviderMap[RecoveryCodeTokenProvider.ProviderName] = new TokenProviderDescriptor(typeof(RecoveryCodeTokenProvider));
        });
        services.AddTransient<TotpTokenProvider>();
        services.AddTransient<RecoveryCodeTokenProvider>();

        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, options =>
        {
            options.Cookie.Name = "notarial.2fa-browser";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = RememberBrowserFor;
            options.SlidingExpiration = false;
        });

        services.AddSingleton<TotpVerifier>();
        services.AddSingleton<TwoFactorStore>();
        services.AddSingleton<SecondFactorVerifier>();
        services.AddScoped<TwoFactorMails>();
        services.AddScoped<TwoFactorService>();
        services.AddScoped<TwoFactorSignIn>();

        services.AddAuthorizationBuilder().AddTwoFactorPolicies();
        services.AddSingleton<IAuthorizationHandler, StaffTwoFactorHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, StaffTwoFactorRedirect>();
        return services;
    }
}
