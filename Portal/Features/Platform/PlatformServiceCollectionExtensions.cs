using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notarial.Portal.Features.Appointments;
using Notarial.Portal.Features.Invoices;
using Notarial.Portal.Features.Orders;

namespace Notarial.Portal.Features.Platform;

public static class PlatformServiceCollectionExtensions
{
    /// <summary>The platform API's records (orders, invoices, appointments) and their services.</summary>
    public static IServiceCollection AddPlatformData(this IServiceCollection services)
    {
        services.TryAddSingleton<ApiActivity>();
        services.AddSingleton<OrderService>();
        services.AddSingleton<InvoiceService>();
        services.AddSingleton<AppointmentService>();
        services.AddSingleton<Products.ProductService>();
        services.AddSingleton<SampleDataSeeder>();
        services.AddSingleton<Imports.IImportTarget, Imports.OrderImportTarget>();
        services.AddSingleton<Imports.IImportTarget, Imports.ProductImportTarget>();
        services.AddSingleton<Imports.CsvImporter>();
        services.AddSingleton<Imports.ImportMapperService>();
        services.AddSingleton<Accounts.UserDirectory>();
        return services;
    }
}
