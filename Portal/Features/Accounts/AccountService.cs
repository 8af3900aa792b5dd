using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Notarial.Portal.Features.Security;

namespace Notarial.Portal.Features.Accounts;

/// <summary>
/// The account life cycle behind the account pages: register, confirm, reset, change email and password, delete.
/// Answers never reveal whether an address is registered; the mails say what the pages may not.
/// </summary>
public sealed partial class AccountService(
    UserManager<PortalUser> users,
    AccountMails mails,
    SecurityEventLog events,
    Notarial.Portal.Features.OAuth.Revocation.AccountTokenRevocation tokens,
    Notarial.Portal.Features.Platform.SampleDataSeeder sampleData,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    public async Task<AccountResult> RegisterAsync(string email, string displayName, string password, AccountLinks links, RequestOrigin origin)
    {
        email = email.Trim();
        displayName = displayName.Trim();
        if (!new EmailAddressAttribute().IsValid(email))
        {
            return AccountResult.Fail("Email", "Enter a valid email address.");
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Same answer as a new registration; the owner of the address learns what happened by mail.
            if (existing.EmailConfirmed)
            {
                var resetToken = await users.GeneratePasswordResetTokenAsync(existing);
                await mails.SendAlreadyRegisteredAsync(existing.Email!, links.Login, links.ResetPassword(existing.Id, resetToken));
            }
            else
            {
                await SendConfirmationAsync(existing, links);
            }

            return AccountResult.Success;
        }

        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = time.GetUtcNow(),
        };

        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            // A race with a parallel registration of the same address looks like any other registration.
            if (created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
            {
                return AccountResult.Success;
            }

            return ToResult(created);
        }

        await users.AddToRoleAsync(user, PortalRoles.Developer);
        await sampleData.SeedTestEnvironmentAsync(user.Id);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.AccountRegistered, user.Id, user.Email, user.Id, Origin: origin));
        await SendConfirmationAsync(user, links);
        LogRegistered(user.Id);
        return AccountResult.Success;
    }

    /// <summary>Sends a new confirmation link when the address has an unconfirmed account; silent otherwise.</summary>
    public async Task ResendConfirmationAsync(string email, AccountLinks links)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is { EmailConfirmed: false })
        {
            await SendConfirmationAsync(user, links);
        }
    }

    public async Task<AccountResult> ConfirmEmailAsync(string? userId, string? code, RequestOrigin origin)
    {
        var token = AccountLinks.Decode(code);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null)
        {
            return InvalidLink;
        }

        if (user.EmailConfirmed)
        {
            return AccountResult.Success;
        }

        var result = await users.ConfirmEmailAsync(user, token);
        if (!result.Succeeded)
        {
            return InvalidLink;
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.EmailConfirmed, user.Id, user.Email, user.Id, Origin: origin));
        return AccountResult.Success;
    }

    /// <summary>Mails a reset link when the address has a confirmed account. The caller always shows the same page.</summary>
    public async Task RequestPasswordResetAsync(string email, AccountLinks links, RequestOrigin origin)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return;
        }

        if (!user.EmailConfirmed)
        {
            await SendConfirmationAsync(user, links);
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        await mails.SendPasswordResetAsync(user.Email!, links.ResetPassword(user.Id, token));
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.PasswordResetRequested, SubjectUserId: user.Id, Origin: origin));
    }

    public async Task<AccountResult> ResetPasswordAsync(string? userId, string? code, string password, RequestOrigin origin)
    {
        var token = AccountLinks.Decode(code);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null)
        {
            return InvalidLink;
        }

        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == "InvalidToken") ? InvalidLink : ToResult(result);
        }

        // A reset proves control of the mailbox: lift a lockout so the owner can sign in with the new password.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.PasswordReset, user.Id, user.Email, user.Id, Origin: origin));
        await mails.SendPasswordChangedAsync(user.Email!);
        return AccountResult.Success;
    }

    public async Task<AccountResult> ChangePasswordAsync(PortalUser user, string currentPassword, string newPassword, RequestOrigin origin)
    {
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            return result.Errors.Any(e => e.Code == "PasswordMismatch")
                ? AccountResult.Fail("CurrentPassword", "The current password is not correct.")
                : ToResult(result, passwordField: "NewPassword");
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.PasswordChanged, user.Id, user.Email, user.Id, Origin: origin));
        await mails.SendPasswordChangedAsync(user.Email!);
        return AccountResult.Success;
    }

    public async Task<AccountResult> UpdateProfileAsync(PortalUser user, string displayName, RequestOrigin origin)
    {
        displayName = displayName.Trim();
        if (displayName.Length is 0 or > 100)
        {
            return AccountResult.Fail("DisplayName", "Enter a name of 1 to 100 characters.");
        }

        user.DisplayName = displayName;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            return ToResult(result);
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.ProfileUpdated, user.Id, user.Email, user.Id, Origin: origin));
        return AccountResult.Success;
    }

    public async Task<AccountResult> RequestEmailChangeAsync(PortalUser user, string newEmail, AccountLinks links, RequestOrigin origin)
    {
        newEmail = newEmail.Trim();
        if (!new EmailAddressAttribute().IsValid(newEmail))
        {
            return AccountResult.Fail("NewEmail", "Enter a valid email address.");
        }

        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return AccountResult.Fail("NewEmail", "This is already your email address.");
        }

        // Whether the address is taken is only checked when the link is used, so this page cannot probe for accounts.
        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        await mails.SendEmailChangeAsync(newEmail, links.ConfirmEmailChange(user.Id, newEmail, token));
        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.EmailChangeRequested, user.Id, user.Email, user.Id, Origin: origin));
        return AccountResult.Success;
    }

    public async Task<AccountResult> ConfirmEmailChangeAsync(string? userId, string? email, string? code, RequestOrigin origin)
    {
        var token = AccountLinks.Decode(code);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null || string.IsNullOrWhiteSpace(email))
        {
            return InvalidLink;
        }

        var oldEmail = user.Email;
        var changed = await users.ChangeEmailAsync(user, email, token);
        if (!changed.Succeeded)
        {
            return changed.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")
                ? AccountResult.Fail("", "That address now belongs to another account, so it cannot be yours as well.")
                : InvalidLink;
        }

        // The email is the user name: keep them the same.
        var renamed = await users.SetUserNameAsync(user, email);
        if (!renamed.Succeeded)
        {
            return ToResult(renamed);
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.EmailChanged, user.Id, user.Email, user.Id, Details: $"from {oldEmail}", Origin: origin));
        return AccountResult.Success;
    }

    public async Task<AccountResult> DeleteAsync(PortalUser user, string password, RequestOrigin origin)
    {
        if (!await users.CheckPasswordAsync(user, password))
        {
            return AccountResult.Fail("Password", "The password is not correct.");
        }

        var email = user.Email!;

        // Its grants and applications go with it (cascade); tokens already handed out must stop at once too. Read the
        // applications before they are deleted.
        await tokens.RevokeAllAsync(user.Id);
        var result = await users.DeleteAsync(user);
        if (!result.Succeeded)
        {
            return ToResult(result);
        }

        await events.RecordAsync(new SecurityEventEntry(SecurityEventTypes.AccountDeleted, user.Id, email, user.Id, Origin: origin));
        await mails.SendAccountDeletedAsync(email);
        LogDeleted(user.Id);
        return AccountResult.Success;
    }

    private async Task SendConfirmationAsync(PortalUser user, AccountLinks links)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await mails.SendConfirmationAsync(user.Email!, string.IsNullOrEmpty(user.DisplayName) ? "there" : user.DisplayName, links.ConfirmEmail(user.Id, token));
    }

    private static AccountResult InvalidLink { get; } =
        AccountResult.Fail("", "This link is invalid or has expired. Ask for a new one.");

    private static AccountResult ToResult(IdentityResult result, string passwordField = "Password") =>
        new(result.Errors.Select(e => new FieldError(FieldOf(e.Code, passwordField), e.Description)).ToList());

    private static string FieldOf(string code, string passwordField) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
        "InvalidEmail" or "DuplicateEmail" => "Email",
        _ => "",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} registered")]
    private partial void LogRegistered(string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} deleted by its owner")]
    private partial void LogDeleted(string userId);
}
