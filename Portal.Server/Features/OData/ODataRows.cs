using System.ComponentModel.DataAnnotations;
using System.Runtime.Serialization;

namespace Notarial.Portal.Server.Features.OData;

// What the OData sets expose: flat rows projected from the entities in the database query (amounts as numbers in major
// units, computed in SQL), named in the API's snake_case both in $select/$filter/$orderby and in the answer.

[DataContract(Name = "Product")]
public sealed class ProductRow
{
    [Key]
    [DataMember(Name = "id")]
    public string Id { get; set; } = "";

    [DataMember(Name = "name")]
    public string Name { get; set; } = "";

    [DataMember(Name = "sku")]
    public string? Sku { get; set; }

    [DataMember(Name = "description")]
    public string? Description { get; set; }

    [DataMember(Name = "price")]
    public double Price { get; set; }

    [DataMember(Name = "currency")]
    public string Currency { get; set; } = "";

    [DataMember(Name = "stock")]
    public int Stock { get; set; }

    [DataMember(Name = "created_at")]
    public DateTimeOffset CreatedAt { get; set; }

    [DataMember(Name = "updated_at")]
    public DateTimeOffset UpdatedAt { get; set; }
}

[DataContract(Name = "Order")]
public sealed class OrderRow
{
    [Key]
    [DataMember(Name = "id")]
    public string Id { get; set; } = "";

    [DataMember(Name = "number")]
    public string Number { get; set; } = "";

    [DataMember(Name = "status")]
    public string Status { get; set; } = "";

    [DataMember(Name = "customer_name")]
    public string CustomerName { get; set; } = "";

    [DataMember(Name = "customer_email")]
    public string? CustomerEmail { get; set; }

    [DataMember(Name = "service")]
    public string Service { get; set; } = "";

    [DataMember(Name = "amount")]
    public double Amount { get; set; }

    [DataMember(Name = "currency")]
    public string Currency { get; set; } = "";

    [DataMember(Name = "scheduled_for")]
    public DateTimeOffset? ScheduledFor { get; set; }

    [DataMember(Name = "created_at")]
    public DateTimeOffset CreatedAt { get; set; }
}

[DataContract(Name = "Invoice")]
public sealed class InvoiceRow
{
    [Key]
    [DataMember(Name = "id")]
    public string Id { get; set; } = "";

    [DataMember(Name = "number")]
    public string Number { get; set; } = "";

    [DataMember(Name = "order_id")]
    public string? OrderId { get; set; }

    [DataMember(Name = "status")]
    public string Status { get; set; } = "";

    [DataMember(Name = "amount")]
    public double Amount { get; set; }

    [DataMember(Name = "currency")]
    public string Currency { get; set; } = "";

    [DataMember(Name = "issued_at")]
    public DateTimeOffset IssuedAt { get; set; }

    [DataMember(Name = "due_at")]
    public DateTimeOffset DueAt { get; set; }

    [DataMember(Name = "paid_at")]
    public DateTimeOffset? PaidAt { get; set; }
}

[DataContract(Name = "Appointment")]
public sealed class AppointmentRow
{
    [Key]
    [DataMember(Name = "id")]
    public string Id { get; set; } = "";

    [DataMember(Name = "order_id")]
    public string? OrderId { get; set; }

    [DataMember(Name = "title")]
    public string Title { get; set; } = "";

    [DataMember(Name = "notary_name")]
    public string NotaryName { get; set; } = "";

    [DataMember(Name = "location")]
    public string Location { get; set; } = "";

    [DataMember(Name = "status")]
    public string Status { get; set; } = "";

    [DataMember(Name = "starts_at")]
    public DateTimeOffset StartsAt { get; set; }

    [DataMember(Name = "ends_at")]
    public DateTimeOffset EndsAt { get; set; }
}
