using GraphQL.Types;
using Notarial.Portal.Features.Appointments;
using Notarial.Portal.Features.Invoices;
using Notarial.Portal.Features.Orders;
using Notarial.Portal.Features.Platform;
using Notarial.Portal.Features.Products;

namespace Notarial.Portal.Server.Features.Query;

// The records of the query API carry the same snake_case field names as the REST resources, so one name works everywhere.

public sealed class ProductGraphType : ObjectGraphType<ProductResource>
{
    public ProductGraphType()
    {
        Name = "Product";
        Description = "A product or service the account sells.";
        Field("id", p => p.Id);
        Field("name", p => p.Name);
        Field("sku", p => p.Sku, nullable: true);
        Field("description", p => p.Description, nullable: true);
        Field("price", p => p.Price).Description("In major units, e.g. 145.5.");
        Field("currency", p => p.Currency);
        Field("stock", p => p.Stock);
        Field("environment", p => p.Environment);
        Field("created_at", p => p.CreatedAt);
        Field("updated_at", p => p.UpdatedAt);
    }
}

public sealed class OrderGraphType : ObjectGraphType<OrderResource>
{
    public OrderGraphType()
    {
        Name = "Order";
        Description = "A notarial order.";
        Field("id", o => o.Id);
        Field("number", o => o.Number);
        Field("status", o => o.Status);
        Field("customer_name", o => o.CustomerName);
        Field("customer_email", o => o.CustomerEmail, nullable: true);
        Field("service", o => o.Service);
        Field("amount", o => o.Amount);
        Field("currency", o => o.Currency);
        Field("scheduled_for", o => o.ScheduledFor, nullable: true);
        Field("notes", o => o.Notes, nullable: true);
        Field("environment", o => o.Environment);
        Field("created_at", o => o.CreatedAt);
        Field("updated_at", o => o.UpdatedAt);
    }
}

public sealed class InvoiceGraphType : ObjectGraphType<InvoiceResource>
{
    public InvoiceGraphType()
    {
        Name = "Invoice";
        Field("id", i => i.Id);
        Field("number", i => i.Number);
        Field("order_id", i => i.OrderId, nullable: true);
        Field("status", i => i.Status);
        Field("amount", i => i.Amount);
        Field("currency", i => i.Currency);
        Field("issued_at", i => i.IssuedAt);
        Field("due_at", i => i.DueAt);
        Field("paid_at", i => i.PaidAt, nullable: true);
        Field("environment", i => i.Environment);
        Field("created_at", i => i.CreatedAt);
    }
}

public sealed class AppointmentGraphType : ObjectGraphType<AppointmentResource>
{
    public AppointmentGraphType()
    {
        Name = "Appointment";
        Field("id", a => a.Id);
        Field("order_id", a => a.OrderId, nullable: true);
        Field("title", a => a.Title);
        Field("notary_name", a => a.NotaryName);
        Field("location", a => a.Location);
        Field("status", a => a.Status);
        Field("starts_at", a => a.StartsAt);
        Field("ends_at", a => a.EndsAt);
        Field("environment", a => a.Environment);
        Field("created_at", a => a.CreatedAt);
    }
}

/// <summary>One page of a list with the cursor of the next (the <c>*_page</c> root fields).</summary>
public sealed class PageGraphType<TItemType, TItem> : ObjectGraphType<Page<TItem>>
    where TItemType : IGraphType
{
    public PageGraphType(string name)
    {
        Name = name;
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TItemType>>>>("items").Resolve(c => c.Source.Data);
        Field("has_more", p => p.HasMore);
        Field("next_cursor", p => p.NextCursor, nullable: true).Description("Pass as 'after' to read the next page; null at the end.");
    }
}
