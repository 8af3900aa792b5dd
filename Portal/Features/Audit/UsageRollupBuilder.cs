namespace Notarial.Portal.Features.Audit;

/// <summary>Sums a batch of audit records into the hourly rollups and their dimensions, ready to be added to the stored
/// ones. Pure: the same records give the same sums whatever the batch boundaries.</summary>
public static class UsageRollupBuilder
{
    public static (IReadOnlyCollection<UsageRollup> Rollups, IReadOnlyCollection<UsageRollupDimension> Dimensions) Build(IEnumerable<AuditRecord> records)
    {
        var rollups = new Dictionary<(DateTimeOffset, string, string, string, string), UsageRollup>();
        var dimensions = new Dictionary<(DateTimeOffset, string, string, string, string, string, string), UsageRollupDimension>();
        foreach (var record in records)
        {
            var hour = HourOf(record.OccurredAt);
            var credential = UsageCredential.Of(record);
            var account = record.AccountId ?? "";
            var environment = record.Environment ?? "";
            var key = (hour, account, credential.Kind, credential.Id, environment);
            if (!rollups.TryGetValue(key, out var rollup))
            {
                rollup = new UsageRollup
                {
                    HourStart = hour,
                    AccountId = account,
                    CredentialKind = credential.Kind,
                    CredentialId = credential.Id,
                    Environment = environment,
                };
                rollups.Add(key, rollup);
            }

            rollup.Requests++;
            switch (record.Status / 100)
            {
                case 2: rollup.Status2xx++; break;
                case 3: rollup.Status3xx++; break;
                case 4: rollup.Status4xx++; break;
                case 5: rollup.Status5xx++; break;
            }

            rollup.LatencyTotalMs += record.LatencyMs;
            rollup.ResponseBytes += record.ResponseBytes ?? 0;
            rollup.AddLatency(LatencyHistogram.BucketOf(record.LatencyMs));

            Count(UsageDimensions.Endpoint, EndpointOf(record));
            if (record.ErrorCode is { } code)
            {
                Count(UsageDimensions.ErrorCode, code);
            }

            if (record.IpAddress is { } ip)
            {
                Count(UsageDimensions.IpAddress, ip, DayOf(hour));
            }

            if (record.ClientVersion is { } clientVersion)
            {
                Count(UsageDimensions.ClientVersion, clientVersion);
            }

            if (record.Scope is { } scope && !credential.IsNone && record.Status is not (401 or 403))
            {
                Count(UsageDimensions.Scope, scope);
            }

            void Count(string dimension, string value, DateTimeOffset? period = null)
            {
                value = AuditLimits.Cut(value, AuditLimits.DimensionValue)!;
                var start = period ?? hour;
                var dimensionKey = (start, account, credential.Kind, credential.Id, environment, dimension, value);
                if (!dimensions.TryGetValue(dimensionKey, out var row))
                {
                    row = new UsageRollupDimension
                    {
                        HourStart = start,
                        AccountId = account,
                        CredentialKind = credential.Kind,
                        CredentialId = credential.Id,
                        Environment = environment,
                        Dimension = dimension,
                        Value = value,
                    };
                    dimensions.Add(dimensionKey, row);
                }

                row.Count++;
            }
        }

        return (rollups.Values, dimensions.Values);
    }

    public static DateTimeOffset HourOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    public static DateTimeOffset DayOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % TimeSpan.TicksPerDay), TimeSpan.Zero);
    }

    /// <summary>"GET /api/v1/orders/{id}"; requests that matched no endpoint are one bucket, not one per path tried.</summary>
    public static string EndpointOf(AuditRecord record) => record.Method + " " + (record.Route ?? "(no endpoint)");
}
