using System.Globalization;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Parquet;
using Parquet.Meta;
using StockMonitor.Archive.Lake;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Lake;
using StockMonitor.Testing;

namespace StockMonitor.Archive.Tests.Lake;

public class QuotesTableTests
{
    [Fact]
    public async Task The_columns_QuotesTable_declares_are_exactly_those_of_a_parquet_file_the_LakeWriter_writes()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        using var writer = new LakeWriter(infra.S3, Options.Create(resources));
        var observedAt = new DateTimeOffset(2026, 11, 27, 15, 31, 7, 123, TimeSpan.Zero);
        var quote = new Quote("AAPL", 189.32m, "USD", 187.5m, 190.1m, 186.9m, 187.1m, 51234567m, observedAt, "simulator");
        var key = Assert.Single(await writer.WriteAsync([new QuoteReceived(quote, "quotes", "shardId-000000000000", "1", observedAt.AddMilliseconds(20))], CancellationToken.None));

        var fileColumns = await ColumnsOfAsync(infra.S3, resources.LakeBucket, key);

        Assert.Equal(fileColumns, QuotesTable.Columns);
    }

    /// <summary>
    /// The columns of the Parquet object as a catalog reads them: straight from the file's own schema (physical and
    /// logical types, repetition), not through the .NET type the row is serialized from.
    /// </summary>
    private static async Task<List<QuotesTable.Column>> ColumnsOfAsync(Amazon.S3.IAmazonS3 s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key });
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);
        body.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(body);
        var schema = reader.Metadata?.Schema ?? throw new InvalidOperationException($"{key} has no Parquet schema");

        // The first element is the root; the quotes table is flat, so every other element is a column.
        return schema.Skip(1).Select(e => new QuotesTable.Column(e.Name, CatalogType(e), e.RepetitionType == FieldRepetitionType.OPTIONAL)).ToList();
    }

    private static string CatalogType(SchemaElement column) => column switch
    {
        { LogicalType.DECIMAL: { } d } => string.Create(CultureInfo.InvariantCulture, $"decimal({d.Precision},{d.Scale})"),
        { LogicalType.TIMESTAMP: not null } => "timestamp",
        { LogicalType.STRING: not null } => "string",
        { Type: Parquet.Meta.Type.INT64 } => "bigint",
        { Type: Parquet.Meta.Type.INT32 } => "int",
        { Type: Parquet.Meta.Type.DOUBLE } => "double",
        { Type: Parquet.Meta.Type.BOOLEAN } => "boolean",
        _ => $"unknown ({column.Type}, {column.ConvertedType})",
    };
}
