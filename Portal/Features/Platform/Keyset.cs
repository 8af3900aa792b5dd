using System.Globalization;
using System.Linq.Expressions;
using System.Text;

namespace Notarial.Portal.Features.Platform;

/// <summary>
/// Cursor paging (keyset): pages are "the rows after this sort key and id", which stays fast and stable at any depth,
/// unlike offsets. The cursor is an opaque base64url token of the last row's sort key and id.
/// </summary>
public static class Keyset
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Orders by (key, id) and keeps rows after the cursor; takes limit + 1 rows to know if there is more.</summary>
    public static IQueryable<T> Apply<T, TKey>(IQueryable<T> query, Expression<Func<T, TKey>> key, Expression<Func<T, string>> id, bool descending, (TKey Key, string Id)? after, int limit)
    {
        if (after is { } cursor)
        {
            // descending: key < k || (key == k && id < i); ascending: key > k || (key == k && id > i)
            var row = key.Parameters[0];
            var keyBody = key.Body;
            var idBody = new ParameterReplacer(id.Parameters[0], row).Visit(id.Body);
            var keyValue = Expression.Constant(cursor.Key, typeof(TKey));
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, idBody, Expression.Constant(cursor.Id));
            var zero = Expression.Constant(0);
            var condition = descending
                ? Expression.OrElse(Expression.LessThan(keyBody, keyValue), Expression.AndAlso(Expression.Equal(keyBody, keyValue), Expression.LessThan(compare, zero)))
                : Expression.OrElse(Expression.GreaterThan(keyBody, keyValue), Expression.AndAlso(Expression.Equal(keyBody, keyValue), Expression.GreaterThan(compare, zero)));
            query = query.Where(Expression.Lambda<Func<T, bool>>(condition, row));
        }

        var ordered = descending ? query.OrderByDescending(key).ThenByDescending(id) : query.OrderBy(key).ThenBy(id);
        return ordered.Take(limit + 1);
    }

    /// <summary>Cuts the extra row and makes the next cursor from the last row kept.</summary>
    public static Page<TOut> ToPage<T, TOut>(IReadOnlyList<T> rows, int limit, Func<T, (long Key, string Id)> cursorOf, Func<T, TOut> map)
    {
        var hasMore = rows.Count > limit;
        var kept = hasMore ? rows.Take(limit).ToList() : rows.ToList();
        var next = hasMore ? Encode(cursorOf(kept[^1])) : null;
        return new Page<TOut>(kept.Select(map).ToList(), hasMore, next);
    }

    public static string Encode((long Key, string Id) cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(cursor.Key.ToString(CultureInfo.InvariantCulture) + "|" + cursor.Id))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor's key and id; false when it was not made by <see cref="Encode"/>.</summary>
    public static bool TryDecode(string? cursor, out (long Key, string Id)? decoded)
    {
        decoded = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 200)
        {
            return false;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || !long.TryParse(text[..bar], NumberStyles.Integer, CultureInfo.InvariantCulture, out var key))
            {
                return false;
            }

            decoded = (key, text[(bar + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
