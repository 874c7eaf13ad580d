namespace StockMonitor.Lake;

/// <summary>Reported by <see cref="LakeSql"/> after each lake object it made available locally (downloaded or found in the cache).</summary>
/// <param name="Key">The object just done.</param>
/// <param name="Downloaded">Whether that object was downloaded (false: it was in the cache).</param>
/// <param name="ObjectsDone">Objects done so far, this one included.</param>
/// <param name="ObjectsTotal">Objects the query reads.</param>
/// <param name="BytesDownloaded">Bytes downloaded so far.</param>
/// <param name="ObjectsDownloaded">Objects downloaded so far (counted where they are downloaded: reports from parallel
/// downloads may arrive out of order, so a count kept by the receiver can lag behind <paramref name="ObjectsDone"/>).</param>
public sealed record LakeReadProgress(string Key, bool Downloaded, int ObjectsDone, int ObjectsTotal, long BytesDownloaded, int ObjectsDownloaded);
