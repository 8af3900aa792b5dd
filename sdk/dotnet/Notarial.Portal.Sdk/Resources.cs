using Notarial.Portal.Sdk.Api;

namespace Notarial.Portal.Sdk;

/// <summary>Who is calling (seed 003's <c>client.auth.test()</c>).</summary>
public sealed class AuthResource(INotarialApi api)
{
    /// <summary>The account, the credential, its scopes and environment, with <c>Valid = true</c>.</summary>
    public Task<AuthTestResponse> TestAsync(CancellationToken cancellationToken = default) => api.AuthTestAsync(cancellationToken);
}

/// <summary>The account's orders in the credential's environment.</summary>
public sealed class OrdersResource(INotarialApi api)
{
    /// <summary>A page of orders, newest first; pass <c>cursor</c> from <see cref="PageOfOrderResource.NextCursor"/> for the next.</summary>
    public Task<PageOfOrderResource> ListAsync(string? status = null, DateTimeOffset? createdAfter = null, DateTimeOffset? createdBefore = null,
        string? sort = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        api.ListOrdersAsync(status, Format(createdAfter), Format(createdBefore), sort, cursor, Format(limit), cancellationToken);

    /// <summary>One order.</summary>
    public Task<OrderResource> GetAsync(string id, CancellationToken cancellationToken = default) => api.GetOrderAsync(id, cancellationToken);

    /// <summary>Creates an order.</summary>
    public Task<OrderResource> CreateAsync(OrderWrite order, CancellationToken cancellationToken = default) => api.CreateOrderAsync(order, cancellationToken);

    /// <summary>Changes the fields set in <paramref name="changes"/>.</summary>
    public Task<OrderResource> UpdateAsync(string id, OrderWrite changes, CancellationToken cancellationToken = default) => api.UpdateOrderAsync(id, changes, cancellationToken);

    /// <summary>Deletes an order.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => api.DeleteOrderAsync(id, cancellationToken);

    internal static string? Format(DateTimeOffset? value) => value?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    internal static string? Format(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The account's products in the credential's environment.</summary>
public sealed class ProductsResource(INotarialApi api)
{
    /// <summary>A page of products.</summary>
    public Task<PageOfProductResource> ListAsync(string? sort = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        api.ListProductsAsync(sort: sort, cursor: cursor, limit: OrdersResource.Format(limit), cancellationToken: cancellationToken);

    /// <summary>One product.</summary>
    public Task<ProductResource> GetAsync(string id, CancellationToken cancellationToken = default) => api.GetProductAsync(id, cancellationToken);

    /// <summary>Creates a product.</summary>
    public Task<ProductResource> CreateAsync(ProductWrite product, CancellationToken cancellationToken = default) => api.CreateProductAsync(product, cancellationToken);

    /// <summary>Changes the fields set in <paramref name="changes"/>.</summary>
    public Task<ProductResource> UpdateAsync(string id, ProductWrite changes, CancellationToken cancellationToken = default) => api.UpdateProductAsync(id, changes, cancellationToken);

    /// <summary>Deletes a product.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => api.DeleteProductAsync(id, cancellationToken);
}

/// <summary>The account's invoices (read only).</summary>
public sealed class InvoicesResource(INotarialApi api)
{
    /// <summary>A page of invoices.</summary>
    public Task<PageOfInvoiceResource> ListAsync(string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        api.ListInvoicesAsync(cursor: cursor, limit: OrdersResource.Format(limit), cancellationToken: cancellationToken);

    /// <summary>One invoice.</summary>
    public Task<InvoiceResource> GetAsync(string id, CancellationToken cancellationToken = default) => api.GetInvoiceAsync(id, cancellationToken);
}

/// <summary>The account's appointments (read only).</summary>
public sealed class AppointmentsResource(INotarialApi api)
{
    /// <summary>A page of appointments.</summary>
    public Task<PageOfAppointmentResource> ListAsync(string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        api.ListAppointmentsAsync(cursor: cursor, limit: OrdersResource.Format(limit), cancellationToken: cancellationToken);

    /// <summary>One appointment.</summary>
    public Task<AppointmentResource> GetAsync(string id, CancellationToken cancellationToken = default) => api.GetAppointmentAsync(id, cancellationToken);
}
