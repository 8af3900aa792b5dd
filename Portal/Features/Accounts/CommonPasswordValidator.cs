using Microsoft.AspNetCore.Identity;

namespace Notarial.Portal.Features.Accounts;

/// <summary>
/// Length over composition (NIST SP 800-63B): no character-class rules, but refuse passwords that are well known or
/// built from the account's own email address.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PortalUser>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd", "p@ssword123",
        "1234567890", "12345678910", "0123456789", "123456789a", "qwertyuiop", "qwerty1234", "qwerty12345", "1q2w3e4r5t",
        "1qaz2wsx3edc", "iloveyou12", "letmein123", "welcome123", "admin12345", "administrator", "changeme123",
        "football123", "baseball123", "sunshine123", "princess123", "dragon1234", "monkey1234", "abcdefghij", "abc1234567",
        "aaaaaaaaaa", "notarial123", "notarialportal", "developer123",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (Common.Contains(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is too common. Choose a longer, less predictable one (a few unrelated words work well).",
            }));
        }

        var localPart = user.Email?.Split('@')[0];
        if (localPart is { Length: >= 4 } && password.Contains(localPart, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsEmail",
                Description = "The password must not contain your email address.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }
}
