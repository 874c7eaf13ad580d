using System.Text.Json;

namespace StockMonitor.Infra.Tests;

/// <summary>One statement of an IAM policy, its values rendered as text (see <see cref="Policies.Text"/>).</summary>
internal sealed record Statement(string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, JsonElement? Condition);

/// <summary>Reads IAM policy statements out of synthesized templates.</summary>
internal static class Policies
{
    /// <summary>An ARN in the stack's own account and region, as <see cref="Text"/> renders it.</summary>
    public static string ArnHere(string service, string resource) => "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource;

    public static string LakeArn(string bucket, string? path = null) => "arn:${AWS::Partition}:s3:::" + bucket + (path is null ? "" : "/" + path);

    /// <summary>
    /// A template value as text: strings as they are, <c>Ref</c> as <c>${Name}</c>, <c>Fn::Join</c> joined,
    /// <c>Fn::GetAtt</c> as <c>${Id.Attribute}</c>, <c>Fn::ImportValue</c> as <c>${Import:Name}</c>.
    /// </summary>
    public static string Text(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        var function = value.EnumerateObject().Single();
        return function.Name switch
        {
            "Ref" => "${" + function.Value.GetString() + "}",
            "Fn::Join" => string.Join(function.Value[0].GetString(), function.Value[1].EnumerateArray().Select(Text)),
            "Fn::GetAtt" => "${" + string.Join('.', function.Value.EnumerateArray().Select(Text)) + "}",
            "Fn::ImportValue" => "${Import:" + Text(function.Value) + "}",
            _ => throw new NotSupportedException($"No text for {function.Name}"),
        };
    }

    public static IReadOnlyList<Statement> Statements(JsonElement document) =>
        Many(document.GetProperty("Statement")).Select(s => new Statement(
            s.GetProperty("Effect").GetString()!,
            s.TryGetProperty("Action", out var actions) ? Many(actions).Select(Text).ToList() : [],
            s.TryGetProperty("Resource", out var resources) ? Many(resources).Select(Text).ToList() : [],
            s.TryGetProperty("Condition", out var condition) ? condition : null)).ToList();

    /// <summary>The statements of a role's inline policies.</summary>
    public static IReadOnlyList<Statement> OfRole(JsonElement role) =>
        role.GetProperty("Properties").TryGetProperty("Policies", out var policies)
            ? policies.EnumerateArray().SelectMany(p => Statements(p.GetProperty("PolicyDocument"))).ToList()
            : [];

    /// <summary>Every identity-policy statement of a template resource (roles' inline policies, policies, managed policies).</summary>
    public static IReadOnlyList<Statement> IdentityStatements(JsonElement resource) => resource.GetProperty("Type").GetString() switch
    {
        "AWS::IAM::Role" => OfRole(resource),
        "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" => Statements(resource.GetProperty("Properties").GetProperty("PolicyDocument")),
        _ => [],
    };

    /// <summary>Every (action, resource) pair a role allows, as <c>action resource</c>, with the statement's condition appended.</summary>
    public static IReadOnlySet<string> Grants(JsonElement role) =>
        OfRole(role).Where(s => s.Effect == "Allow")
            .SelectMany(s => s.Actions.SelectMany(a => s.Resources.Select(r => $"{a} {r}{(s.Condition is { } c ? " if " + JsonSerializer.Serialize(c) : "")}")))
            .ToHashSet(StringComparer.Ordinal);

    private static List<JsonElement> Many(JsonElement value) => value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [value];
}
