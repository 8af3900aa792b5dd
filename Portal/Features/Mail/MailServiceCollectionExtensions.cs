using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Notarial.Portal.Features.Mail;

public static class MailServiceCollectionExtensions
{
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<PickupFolderMailSender>();
        services.AddSingleton<MailPickupFolder>();
        services.AddSingleton<IMailSender>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<MailOptions>>().Value.Smtp.Host)
                ? provider.GetRequiredService<PickupFolderMailSender>()
                : provider.GetRequiredService<SmtpMailSender>());
        return services;
    }
}
