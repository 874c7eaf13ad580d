using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StockMonitor.Infra;

/// <summary>
/// Turns the outputs file of <c>cdk deploy --all --outputs-file cdk-outputs.json</c> (stack name → output key → value)
/// and the two settings of the cluster that no stack creates (the load balancer's certificate, the VPC's range) into
/// <c>k8s/overlays/eks/aws.env</c>, the KEY=VALUE file the eks overlay reads.
/// </summary>
public static partial class EksEnv
{
    /// <summary>Each key of the env file and the stack output that carries its value.</summary>
    public static IReadOnlyList<(string Key, string Stack, string Output)> Keys { get; } =
    [
        ("AWS_REGION", DataStack.DefaultId, "AwsRegion"),
        ("IMAGE_REGISTRY", ImagesStack.DefaultId, "ImageRegistry"),
        ("LAKE_BUCKET", DataStack.DefaultId, "LakeBucketName"),
        .. ServiceRolesStack.ServiceAccounts.Select(a => ($"{a.ToUpperInvariant()}_ROLE_ARN", ServiceRolesStack.DefaultId, ServiceRolesStack.OutputKey(a))),
        ("ATHENA_WORKGROUP", LakeStack.DefaultId, "WorkGroupName"),
    ];

    /// <summary>The env file's keys that come from the command line, not from a stack: the ACM certificate of the Ingress's HTTPS listener and the VPC's CIDR (network policies).</summary>
    public static IReadOnlyList<(string Key, string Option)> Settings { get; } =
    [
        ("CERTIFICATE_ARN", "--certificate-arn"),
        ("VPC_CIDR", "--vpc-cidr"),
    ];

    /// <summary>The env file's text; throws <see cref="InvalidDataException"/> naming every output the file lacks, <see cref="ArgumentException"/> for a bad setting.</summary>
    public static string Render(string outputsJson, string certificateArn, string vpcCidr)
    {
        if (!CertificateArn().IsMatch(certificateArn ?? ""))
        {
            throw new ArgumentException($"--certificate-arn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID), not '{certificateArn}'.", nameof(certificateArn));
        }

        if (!IPNetwork.TryParse(vpcCidr ?? "", out var network) || network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || network.ToString() != vpcCidr)
        {
            // 10.0.0.1/16 parses (as 10.0.0.0/16) but is a typo for a range, not a range.
            throw new ArgumentException($"--vpc-cidr must be the VPC's IPv4 range in CIDR form, no host bits set (e.g. 10.0.0.0/16), not '{vpcCidr}'.", nameof(vpcCidr));
        }

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

        text.Append("CERTIFICATE_ARN=").Append(certificateArn).Append('\n');
        text.Append("VPC_CIDR=").Append(network.ToString()).Append('\n');
        return text.ToString();
    }

    /// <summary><c>eks-env --outputs FILE --certificate-arn ARN --vpc-cidr CIDR [--out FILE]</c>: writes the env file (default: stdout). Returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? outputsFile = null, outFile = null, certificateArn = null, vpcCidr = null;
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
                case "--certificate-arn" when i + 1 < args.Count:
                    certificateArn = args[++i];
                    break;
                case "--vpc-cidr" when i + 1 < args.Count:
                    vpcCidr = args[++i];
                    break;
                default:
                    error.WriteLine($"eks-env: unknown argument '{args[i]}'. Usage: eks-env --outputs cdk-outputs.json --certificate-arn ARN --vpc-cidr CIDR [--out k8s/overlays/eks/aws.env]");
                    return 2;
            }
        }

        if (outputsFile is null)
        {
            error.WriteLine("eks-env: --outputs FILE is required (the file cdk deploy --all --outputs-file FILE wrote).");
            return 2;
        }

        if (certificateArn is null || vpcCidr is null)
        {
            error.WriteLine("eks-env: --certificate-arn ARN (the Ingress's ACM certificate) and --vpc-cidr CIDR (the cluster VPC's range) are required.");
            return 2;
        }

        string env;
        try
        {
            env = Render(File.ReadAllText(outputsFile), certificateArn, vpcCidr);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"eks-env: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
            return 2;
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

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArn();
}
