using System.Security.Cryptography;
using System.Text;

namespace StockMonitor.Contracts.Identity;

/// <summary>Name-based UUIDs (RFC 4122 version 5, SHA-1): the same namespace and name always give the same id.</summary>
public static class NameBasedGuid
{
    public static Guid Create(Guid @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var prefix = @namespace.ToByteArray(bigEndian: true);
        var bytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[prefix.Length + bytes.Length];
        prefix.CopyTo(input, 0);
        bytes.CopyTo(input, prefix.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 prescribes for version-5 UUIDs; this is naming, not security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
