using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Notarial.Portal.Features.ScaleOut;

/// <summary>
/// The Data Protection key ring in Redis (shared by every instance), with a copy in this instance's data directory
/// (where a single instance keeps its ring anyway): an instance that (re)starts while Redis is unreachable reads the ring
/// it last saw, so it can still read its cookies and its protected signing keys. Keys are made only in Redis — a new
/// key that the other instances could not read would break their cookies — so the very first start needs Redis.
/// </summary>
public sealed partial class MirroredXmlRepository(IXmlRepository shared, IXmlRepository copy, ILogger<MirroredXmlRepository> logger) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        IReadOnlyCollection<XElement> elements;
        try
        {
            elements = shared.GetAllElements();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            var copied = copy.GetAllElements();
            LogReadingCopy(copied.Count, exception);
            return copied;
        }

        var known = copy.GetAllElements().Select(Fingerprint).ToHashSet(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            var fingerprint = Fingerprint(element);
            if (known.Add(fingerprint))
            {
                copy.StoreElement(element, fingerprint);
            }
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        shared.StoreElement(element, friendlyName);
        copy.StoreElement(element, Fingerprint(element));
    }

    /// <summary>A name for an element (a key, a revocation) that is the same on every instance.</summary>
    private static string Fingerprint(XElement element) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting))))[..32];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unreachable: using this instance's copy of the Data Protection key ring ({Count} element(s))")]
    private partial void LogReadingCopy(int count, Exception exception);
}
