using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace StockMonitor.Deployment.Tests;

/// <summary>The one Dockerfile builds every service: its arguments, its restore stage and the documented build loop agree with the projects.</summary>
public sealed partial class DockerfileTests(ITestOutputHelper output)
{
    [Fact]
    public void Dockerfile_takes_the_project_and_assembly_as_build_arguments_and_exposes_the_container_port()
    {
        // Arrange
        var instructions = Instructions();
        var containerPorts = Repository.ServiceDeployments()
            .SelectMany(d => d.Containers.SelectMany(c => c.Items("ports")).Select(p => p.Text("containerPort")))
            .Distinct();

        // Act
        var arguments = instructions.Where(i => i.StartsWith("ARG ", StringComparison.Ordinal)).Select(i => i[4..].Split('=')[0]).ToList();
        var exposed = instructions.Where(i => i.StartsWith("EXPOSE ", StringComparison.Ordinal)).Select(i => i[7..]).ToList();

        // Assert
        Assert.Contains("PROJECT_DIR", arguments);
        Assert.Contains("ASSEMBLY", arguments);
        Assert.Equal(exposed, containerPorts);
    }

    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void Dockerfile_copies_every_project_a_service_references_before_restoring(string name)
    {
        // Arrange
        var service = DeployedService.All.Single(s => s.Name == name);
        var instructions = Instructions();
        var restore = instructions.FindIndex(i => i.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var copiedBeforeRestore = instructions.Take(restore).Where(i => i.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(i => i[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToList();

        // Act
        var projects = ProjectClosure(ProjectFile(service.ProjectDir));
        var missing = projects
            .Where(p => !copiedBeforeRestore.Contains(p) && !copiedBeforeRestore.Contains(Path.GetDirectoryName(p)!.Replace('\\', '/') + "/*.csproj"))
            .Select(p => $"{p} (needed by {service.ProjectDir}) is not copied before RUN dotnet restore")
            .ToList();

        // Assert
        Assert.True(restore > 0, "The Dockerfile has no RUN dotnet restore");
        Assert.Contains(service.ProjectDir + "/" + Path.GetFileName(ProjectFile(service.ProjectDir)), projects);
        Violations.AssertNone(missing);
        Assert.All(projects, p => Assert.Contains($"COPY {p.Split('/')[0]}/ {p.Split('/')[0]}/", instructions));
    }

    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void Every_service_project_builds_the_assembly_its_image_starts(string name)
    {
        // Arrange
        var service = DeployedService.All.Single(s => s.Name == name);
        var project = Repository.PathOf(ProjectFile(service.ProjectDir));

        // Act
        var assemblyName = XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault()
            ?? Path.GetFileNameWithoutExtension(project);

        // Assert
        Assert.Equal(service.Assembly, assemblyName + ".dll");
    }

    [Theory]
    [MemberData(nameof(DeployedService.Names), MemberType = typeof(DeployedService))]
    public void Readme_build_loop_passes_every_service_its_project_and_assembly(string name)
    {
        // Arrange
        var service = DeployedService.All.Single(s => s.Name == name);

        // Act
        var readme = Repository.Read("k8s/README.md");

        // Assert
        Assert.Contains($"{service.Name}:{service.ProjectDir}:{service.Assembly}", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_stage_is_chiseled_non_root_and_needs_no_shell()
    {
        // Arrange
        var instructions = Instructions();
        var runtime = instructions.Skip(instructions.FindLastIndex(i => i.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        // Act
        var from = runtime[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var needingShell = runtime
            .Where(i => i.StartsWith("RUN ", StringComparison.Ordinal)
                || (i.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) && !i[11..].TrimStart().StartsWith('['))
                || (i.StartsWith("CMD ", StringComparison.Ordinal) && !i[4..].TrimStart().StartsWith('['))
                || (i.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && !i.EndsWith(" NONE", StringComparison.Ordinal) && !i.Contains("CMD [", StringComparison.Ordinal)))
            .Select(i => $"{i} needs a shell; the chiseled runtime image has none")
            .ToList();
        var user = runtime.LastOrDefault(i => i.StartsWith("USER ", StringComparison.Ordinal));

        // Assert
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", from);
        Violations.AssertNone(needingShell);
        Assert.Contains(runtime, i => i.StartsWith("ENTRYPOINT [", StringComparison.Ordinal));
        // APP_UID is 1654 in the .NET images, the runAsUser DeploymentTests requires of every manifest.
        Assert.Equal("USER $APP_UID", user);
    }

    /// <summary>
    /// The Dockerfile's own stages run here, without Docker (see <see cref="DockerfileBuild"/>), once per service with
    /// the build arguments the k8s/README.md loop passes: the npm stage, the restore from the project files copied so
    /// far, the publish, then the runtime stage's copies. The image must hold the entry point, the service's
    /// assembly beside it, and the time zones the service's code looks up.
    /// </summary>
    [Fact]
    public void Every_service_image_builds_from_the_Dockerfile_stages_and_starts_its_assembly()
    {
        // Arrange
        var instructions = Instructions();
        var entrypoint = JsonSerializer.Deserialize<string[]>(instructions.Last(i => i.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))[11..])!;
        using var build = new DockerfileBuild(instructions, Repository.Root);
        var problems = new List<string>();

        foreach (var service in DeployedService.All)
        {
            // Act
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                build.Run(new Dictionary<string, string>(StringComparer.Ordinal) { ["PROJECT_DIR"] = service.ProjectDir, ["ASSEMBLY"] = service.Assembly });
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{service.Name}: {ex.Message}");
                continue;
            }
            finally
            {
                output.WriteLine($"{service.Name}: stages run in {watch.Elapsed.TotalSeconds:F0} s");
            }

            var started = build.ResolveInImage(entrypoint[0]);
            if (started is null || Path.GetFileName(started) + ".dll" != service.Assembly || !File.Exists(Path.Combine(Path.GetDirectoryName(started)!, service.Assembly)))
            {
                problems.Add($"{service.Name}: the entry point {entrypoint[0]} resolves to {started ?? "nothing"} in the image, not the launcher of {service.Assembly}");
            }

            problems.AddRange(TimeZonesLookedUp(service)
                .Where(zone => build.ResolveInImage("/usr/share/zoneinfo/" + zone) is null)
                .Select(zone => $"{service.Name}: looks up the time zone {zone}, which the image has no /usr/share/zoneinfo/{zone} for"));
        }

        // Assert
        Violations.AssertNone(problems);
    }

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<string> Instructions() =>
        Repository.Read("Dockerfile")
            .Replace("\\\n", " ", StringComparison.Ordinal)
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

    /// <summary>The ids the code of a service and the projects it references pass to FindSystemTimeZoneById.</summary>
    private static List<string> TimeZonesLookedUp(DeployedService service) =>
        ProjectClosure(ProjectFile(service.ProjectDir))
            .SelectMany(project => Directory.EnumerateFiles(Path.GetDirectoryName(Repository.PathOf(project))!, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => TimeZoneLookup().Matches(File.ReadAllText(file)).Select(m => m.Groups["id"].Value))
            .Distinct()
            .ToList();

    [GeneratedRegex("""FindSystemTimeZoneById\("(?<id>[^"]+)"\)""")]
    private static partial Regex TimeZoneLookup();

    /// <summary>The repository-relative path of the one project file in <paramref name="projectDir"/>.</summary>
    internal static string ProjectFile(string projectDir) =>
        projectDir + "/" + Path.GetFileName(Directory.GetFiles(Repository.PathOf(projectDir), "*.csproj").Single());

    /// <summary>A project and every project it references, transitively, as repository-relative paths.</summary>
    internal static List<string> ProjectClosure(string project)
    {
        var found = new List<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (found.Contains(current))
            {
                continue;
            }

            found.Add(current);
            var directory = Path.GetDirectoryName(Repository.PathOf(current))!;
            foreach (var reference in XDocument.Load(Repository.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }

        return found;
    }
}
