using Microsoft.EntityFrameworkCore;
using Notarial.Portal.Data;
using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Invoices;

/// <summary>An invoice as the API shows it.</summary>
public sealed record InvoiceResource(string Id, string Number, string? OrderId, string Status, decimal Amount, string Currency,
    DateTimeOffset IssuedAt, DateTimeOffset DueAt, DateTimeOffset? PaidAt, string Environment, DateTimeOffset CreatedAt)
{
    public static InvoiceResource From(Invoice i) => new(i.Id, i.Number, i.OrderId, i.Status.ToString().ToLowerInvariant(), i.AmountCents / 100m,
        i.Currency, i.IssuedAt, i.DueAt, i.PaidAt, i.Environment, i.CreatedAt);
}

/// <summary>Invoices of the calling account in the caller's environment (read-only).</summary>
public sealed class InvoiceService(IDbContextFactory<PortalDbContext> contexts)
{
    public async Task<PlatformResult<Page<InvoiceResource>>> ListAsync(PlatformCaller caller, string? status, string? cursor, int limit, CancellationToken cancellationToken = default, int maxLimit = Keyset.MaxLimit)
    {
        var v = new PlatformValidation();
        var parsedStatus = status is null ? null : v.Enum<InvoiceStatus>("status", status, required: false);
        if (limit < 1 || limit > maxLimit)
        {
            v.Add("limit", $"Between 1 and {maxLimit}.");
        }

        if (!Keyset.TryDecode(cursor, out var after))
        {
            v.Add("cursor", "Not a cursor this API returned.");
        }

        if (!v.IsValid)
        {
            return new PlatformResult<Page<InvoiceResource>>.Invalid(v.Problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invoices = db.Set<Invoice>().AsNoTracking().Where(i => i.AccountId == caller.AccountId && i.Environment == caller.Environment);
        if (parsedStatus is { } s)
        {
            invoices = invoices.Where(i => i.Status == s);
        }

        var typed = after is { } c ? (new DateTimeOffset(c.Key, TimeSpan.Zero), c.Id) : ((DateTimeOffset, string)?)null;
        var rows = await Keyset.Apply(invoices, i => i.CreatedAt, i => i.Id, descending: true, typed, limit).ToListAsync(cancellationToken);
        return Keyset.ToPage(rows, limit, i => (i.CreatedAt.UtcTicks, i.Id), InvoiceResource.From);
    }

    public async Task<PlatformResult<InvoiceResource>> GetAsync(PlatformCaller caller, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invoice = await db.Set<Invoice>().AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == id && i.AccountId == caller.AccountId && i.Environment == caller.Environment, cancellationToken);
        return invoice is null ? new PlatformResult<InvoiceResource>.NotFound($"No invoice '{id}'.") : InvoiceResource.From(invoice);
    }
}
