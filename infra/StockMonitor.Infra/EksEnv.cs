using System.Text;
using System.Text.Json;

namespace StockMonitor.Infra;

/// <summary>
/// Turns the outputs file of <c>cdk deploy --all --outputs-file cdk-outputs.json</c> (stack name → output key → value)
/// into <c>k8s/overlays/eks/aws.env</c>, the KEY=VALUE file the eks overlay reads.
/// </summary>
public static class EksEnv
{
    /// <summary>Each key of the env file and the stack output that carries its value.</summary>
    public static IReadOnlyList<(string Key, string Stack, string Output)> Keys { get; } =
    [
        ("AWS_REGION", DataStack.DefaultId, "AwsRegion"),
        ("IMAGE_REGISTRY", ImagesStack.DefaultId, "ImageRegistry"),
        ("LAKE_BUCKET", DataStack.DefaultId, "LakeBucketName"),
        .. ServiceRolesStack.ServiceAccounts.Select(a => ($"{a.ToUpperInvariant()}_ROLE_ARN", ServiceRolesStack.DefaultId, ServiceRolesStack.OutputKey(a))),
        ("ATHENA_WORKGROUP", LakeStack.DefaultId, "WorkGroupName"),
        ("ATHENA_RESULTS_BUCKET", LakeStack.DefaultId, "AthenaResultsBucketName"),
    ];

    /// <summary>The env file's text; throws <see cref="InvalidDataException"/> naming every output the file lacks.</summary>
    public static string Render(string outputsJson)
    {
        using var document = JsonDocument.Parse(outputsJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("The outputs file must be a JSON object of stacks (what cdk deploy --outputs-file writes).");
        }

        var text = new StringBuilder("# Written by ./stockmonitor eks-env from the outputs of cdk deploy; do not edit.\n");
        var missing = new List<string>();
        foreach (var (key, stack, output) in Keys)
        {
            if (document.RootElement.TryGetProperty(stack, out var outputs)
                && outputs.ValueKind == JsonValueKind.Object
                && outputs.TryGetProperty(output, out var value)
                && value.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                text.Append(key).Append('=').Append(value.GetString()).Append('\n');
            }
            else
            {
                missing.Add($"{stack}.{output} (for {key})");
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException($"The outputs file lacks {string.Join(", ", missing)}: deploy every stack (cdk deploy --all --outputs-file ...).");
        }

        return text.ToString();
    }

    /// <summary><c>eks-env --outputs FILE [--out FILE]</c>: writes the env file (default: stdout). Returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? outputsFile = null, outFile = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--outputs" when i + 1 < args.Count:
                    outputsFile = args[++i];
                    break;
                case "--out" when i + 1 < args.Count:
                    outFile = args[++i];
                    break;
                default:
                    error.WriteLine($"eks-env: unknown argument '{args[i]}'. Usage: eks-env --outputs cdk-outputs.json [--out k8s/overlays/eks/aws.env]");
                    return 2;
            }
        }

        if (outputsFile is null)
        {
            error.WriteLine("eks-env: --outputs FILE is required (the file cdk deploy --all --outputs-file FILE wrote).");
            return 2;
        }

        string env;
        try
        {
            env = Render(File.ReadAllText(outputsFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            error.WriteLine($"eks-env: {outputsFile}: {e.Message}");
            return 1;
        }

        if (outFile is null)
        {
            output.Write(env);
        }
        else
        {
            File.WriteAllText(outFile, env);
            error.WriteLine($"eks-env: wrote {outFile}");
        }

        return 0;
    }
}
