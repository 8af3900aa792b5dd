using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Appointments;
using Notarial.Portal.Features.Invoices;
using Notarial.Portal.Features.Orders;
using Notarial.Portal.Features.Products;

namespace Notarial.Portal.Features.Platform;

/// <summary>
/// A small, plausible data set in a new account's test environment, so the first API call with a test key returns
/// something. Live data is never touched. Seeding an account that already has test orders does nothing.
/// </summary>
public sealed class SampleDataSeeder(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    private static readonly (string Customer, string Email, string Service, decimal Amount, OrderStatus Status)[] Orders =
    [
        ("Anna de Vries", "anna.devries@example.com", "Power of attorney", 145.00m, OrderStatus.Completed),
        ("Bram Jansen", "bram.jansen@example.com", "Property deed transfer", 1250.00m, OrderStatus.Confirmed),
        ("Chloé Martin", "chloe.martin@example.com", "Prenuptial agreement", 890.00m, OrderStatus.Pending),
        ("Daan Visser", "daan.visser@example.com", "Company incorporation", 1475.50m, OrderStatus.Confirmed),
        ("Eva Bakker", "eva.bakker@example.com", "Last will and testament", 395.00m, OrderStatus.Draft),
        ("Farid El Amrani", "farid.elamrani@example.com", "Signature legalisation", 45.00m, OrderStatus.Cancelled),
    ];

    private static readonly (string Name, string Sku, decimal Price, int Stock)[] Products =
    [
        ("Power of attorney", "POA-STD", 145.00m, 25),
        ("Property deed transfer", "DEED-TRF", 1250.00m, 8),
        ("Prenuptial agreement", "PRENUP", 890.00m, 12),
        ("Company incorporation", "INC-BV", 1475.50m, 5),
        ("Last will and testament", "WILL", 395.00m, 0),
        ("Signature legalisation", "LEGAL-SIG", 45.00m, 100),
    ];

    public async Task SeedTestEnvironmentAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Set<Order>().AnyAsync(o => o.AccountId == accountId && o.Environment == PlatformEnvironments.Test, cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        var orders = Orders.Select((sample, i) =>
        {
            var created = now.AddDays(-20 + (i * 3));
            return new Order
            {
                Id = RecordIds.New("ord", created),
                AccountId = accountId,
                Environment = PlatformEnvironments.Test,
                Number = $"ORD-{created:yyyyMMdd}-T{i + 1:D4}",
                Status = sample.Status,
                CustomerName = sample.Customer,
                CustomerEmail = sample.Email,
                Service = sample.Service,
                AmountCents = (long)(sample.Amount * 100),
                Currency = "EUR",
                ScheduledFor = created.AddDays(10),
                CreatedAt = created,
                UpdatedAt = created,
            };
        }).ToList();

        var invoices = orders.Where(o => o.Status is OrderStatus.Completed or OrderStatus.Confirmed).Select((order, i) => new Invoice
        {
            Id = RecordIds.New("inv", order.CreatedAt),
            AccountId = accountId,
            Environment = PlatformEnvironments.Test,
            Number = $"INV-{order.CreatedAt:yyyy}-T{i + 1:D4}",
            OrderId = order.Id,
            Status = order.Status == OrderStatus.Completed ? InvoiceStatus.Paid : InvoiceStatus.Open,
            AmountCents = order.AmountCents,
            Currency = order.Currency,
            IssuedAt = order.CreatedAt.AddDays(1),
            DueAt = order.CreatedAt.AddDays(31),
            PaidAt = order.Status == OrderStatus.Completed ? order.CreatedAt.AddDays(5) : null,
            CreatedAt = order.CreatedAt.AddDays(1),
        }).ToList();

        var notaries = new[] { "mr. J. van den Berg", "mr. S. Okafor", "mr. L. Moreau" };
        var appointments = orders.Where(o => o.Status != OrderStatus.Cancelled).Select((order, i) => new Appointment
        {
            Id = RecordIds.New("apt", order.CreatedAt),
            AccountId = accountId,
            Environment = PlatformEnvironments.Test,
            OrderId = order.Id,
            Title = order.Service + " — signing",
            NotaryName = notaries[i % notaries.Length],
            Location = i % 2 == 0 ? "Keizersgracht 123, Amsterdam" : "Video call",
            Status = order.Status == OrderStatus.Completed ? AppointmentStatus.Completed : AppointmentStatus.Scheduled,
            StartsAt = order.ScheduledFor!.Value,
            EndsAt = order.ScheduledFor!.Value.AddMinutes(45),
            CreatedAt = order.CreatedAt,
        }).ToList();

        var products = Products.Select((sample, i) =>
        {
            var created = now.AddDays(-30 + i);
            return new Product
            {
                Id = RecordIds.New("prd", created),
                AccountId = accountId,
                Environment = PlatformEnvironments.Test,
                Name = sample.Name,
                Sku = sample.Sku,
                PriceCents = (long)(sample.Price * 100),
                Currency = "EUR",
                Stock = sample.Stock,
                CreatedAt = created,
                UpdatedAt = created,
            };
        }).ToList();

        db.AddRange(orders);
        db.AddRange(products);
        db.AddRange(invoices);
        db.AddRange(appointments);
        await db.SaveChangesAsync(cancellationToken);
    }
}
