using System.Xml.Linq;

namespace StockMonitor.Deployment.Tests;

/// <summary>The one Dockerfile builds every service: its arguments, its restore stage and the documented build loop agree with the projects.</summary>
public sealed class DockerfileTests
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

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<string> Instructions() =>
        Repository.Read("Dockerfile")
            .Replace("\\\n", " ", StringComparison.Ordinal)
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

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
