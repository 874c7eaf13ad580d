using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StockMonitor.Deployment.Tests;

/// <summary>
/// Runs a Dockerfile's stages on this machine, which has no container engine: each stage writes under a temporary
/// root of its own, COPY lays out the context as Docker sends it (honouring .dockerignore, keeping symbolic links),
/// RUN runs through <c>/bin/sh -c</c> in the WORKDIR with the build arguments in the environment, as in a build.
/// A stage's base image is stood in for by this machine: paths a stage did not write are read from the host, and
/// node and npm are hidden from stages not built on a node image (the .NET SDK image has neither).
/// </summary>
internal sealed class DockerfileBuild : IDisposable
{
    private readonly string _context;
    private readonly List<Stage> _stages;
    private readonly List<Regex> _ignored;
    private readonly string _temp = Directory.CreateTempSubdirectory("dockerfile-build-").FullName;
    private readonly string _noNode;

    public DockerfileBuild(IReadOnlyList<string> instructions, string context)
    {
        _context = context;
        _stages = Stages(instructions, _temp);
        _ignored = IgnorePatterns(Path.Combine(context, ".dockerignore"));
        _noNode = Directory.CreateDirectory(Path.Combine(_temp, "no-node")).FullName;
        foreach (var tool in new[] { "node", "npm", "npx" })
        {
            var stub = Path.Combine(_noNode, tool);
            File.WriteAllText(stub, $"#!/bin/sh\necho '{tool}: not in this stage'\"'\"'s base image' >&2\nexit 127\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }
        }
    }

    /// <summary>The last stage: the image.</summary>
    public string FinalStageRoot => _stages[^1].Root;

    /// <summary>
    /// Runs every stage with <paramref name="buildArguments"/>. Files under bin/ and obj/ are kept from the previous
    /// run, as an incremental build keeps them (the first run builds from nothing); everything else starts empty.
    /// Throws <see cref="InvalidOperationException"/> with the output of a failed RUN.
    /// </summary>
    public void Run(IReadOnlyDictionary<string, string> buildArguments)
    {
        foreach (var stage in _stages)
        {
            Clear(stage.Root);
            Directory.CreateDirectory(stage.Root);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            var workdir = "/";
            foreach (var instruction in stage.Instructions)
            {
                var (keyword, rest) = Split(instruction);
                switch (keyword)
                {
                    case "ARG":
                        var declared = rest.Split('=', 2);
                        if (buildArguments.TryGetValue(declared[0], out var given))
                        {
                            environment[declared[0]] = given;
                        }
                        else if (declared.Length == 2)
                        {
                            environment[declared[0]] = declared[1];
                        }

                        break;
                    case "ENV":
                        var pair = rest.Split('=', 2);
                        environment[pair[0]] = pair[1];
                        break;
                    case "WORKDIR":
                        workdir = Path.Combine(workdir, rest).Replace('\\', '/');
                        Directory.CreateDirectory(stage.Map(workdir));
                        break;
                    case "COPY":
                        Copy(stage, workdir, rest);
                        break;
                    case "RUN":
                        RunShell(stage, workdir, rest, environment);
                        break;
                    case "FROM" or "EXPOSE" or "USER" or "ENTRYPOINT" or "CMD" or "LABEL":
                        break; // no effect on the files a stage holds
                    default:
                        throw new NotSupportedException($"DockerfileBuild does not run {keyword} (stage {stage.Name}).");
                }
            }
        }
    }

    /// <summary>A path of the image (the last stage), symbolic links followed within the image.</summary>
    public string? ResolveInImage(string path)
    {
        var stage = _stages[^1];
        var mapped = stage.Map(path);
        for (var hops = 0; hops < 10; hops++)
        {
            var info = new FileInfo(mapped);
            if (info.LinkTarget is null)
            {
                return info.Exists ? mapped : null;
            }

            mapped = info.LinkTarget.StartsWith('/') ? stage.Map(info.LinkTarget) : Path.Combine(Path.GetDirectoryName(mapped)!, info.LinkTarget);
        }

        return null;
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private void Copy(Stage stage, string workdir, string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        Stage? from = null;
        while (words[0].StartsWith("--", StringComparison.Ordinal))
        {
            from = words[0].StartsWith("--from=", StringComparison.Ordinal)
                ? _stages.Single(s => s.Name == words[0]["--from=".Length..])
                : throw new NotSupportedException($"DockerfileBuild does not know COPY {words[0]}.");
            words.RemoveAt(0);
        }

        var destination = words[^1].StartsWith('/') ? words[^1] : workdir.TrimEnd('/') + "/" + words[^1];
        var intoDirectory = destination.EndsWith('/') || words.Count > 2;
        foreach (var source in words.SkipLast(1))
        {
            foreach (var path in from is null ? ContextPaths(source) : [from.Resolve(source)])
            {
                if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
                {
                    CopyTree(path, stage.Map(destination), ignore: from is null);
                }
                else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
                {
                    CopyEntry(path, intoDirectory ? Path.Combine(stage.Map(destination), Path.GetFileName(path)) : stage.Map(destination));
                }
                else
                {
                    throw new InvalidOperationException($"COPY {source}: not found (stage {stage.Name}).");
                }
            }
        }
    }

    /// <summary>The context entries a COPY source names; a wildcard may stand in the last segment.</summary>
    private List<string> ContextPaths(string source)
    {
        var relative = source.TrimEnd('/');
        if (!relative.Contains('*', StringComparison.Ordinal))
        {
            return IsIgnored(relative) ? [] : [Path.Combine(_context, relative)];
        }

        var directory = Path.GetDirectoryName(relative) ?? "";
        var pattern = new Regex("^" + Regex.Escape(Path.GetFileName(relative)).Replace("\\*", "[^/]*", StringComparison.Ordinal) + "$");
        return Directory.Exists(Path.Combine(_context, directory))
            ? Directory.EnumerateFileSystemEntries(Path.Combine(_context, directory))
                .Where(p => pattern.IsMatch(Path.GetFileName(p)) && !IsIgnored(Relative(p)))
                .ToList()
            : [];
    }

    private void CopyTree(string source, string destination, bool ignore)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            if (ignore && IsIgnored(Relative(entry)))
            {
                continue;
            }

            var target = Path.Combine(destination, Path.GetFileName(entry));
            if (Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null)
            {
                CopyTree(entry, target, ignore);
            }
            else
            {
                CopyEntry(entry, target);
            }
        }
    }

    /// <summary>Copies a file, or a symbolic link as a link (as COPY does within a copied directory).</summary>
    private static void CopyEntry(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var link = new FileInfo(source).LinkTarget;
        if (link is null)
        {
            File.Copy(source, destination, overwrite: true);
            return;
        }

        if (File.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
        {
            File.Delete(destination);
        }

        File.CreateSymbolicLink(destination, link);
    }

    private void RunShell(Stage stage, string workdir, string command, Dictionary<string, string> environment)
    {
        if (command.StartsWith('['))
        {
            throw new NotSupportedException("DockerfileBuild runs shell-form RUN only.");
        }

        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = stage.Map(workdir),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // A build in a container starts from the image's environment, not the test runner's MSBuild settings;
        // no build servers, so nothing outlives the command.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        if (!stage.Image.StartsWith("node:", StringComparison.Ordinal))
        {
            start.Environment["PATH"] = _noNode + ":" + start.Environment["PATH"];
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new List<string>();
        process.OutputDataReceived += (_, e) => Collect(output, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            lock (output)
            {
                throw new InvalidOperationException(
                    $"RUN {command}{Environment.NewLine}exited with {process.ExitCode} (stage {stage.Name}); last output:{Environment.NewLine}{string.Join(Environment.NewLine, output.TakeLast(25))}");
            }
        }
    }

    private static void Collect(List<string> output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private bool IsIgnored(string relative)
    {
        var segments = relative.Split('/');
        return Enumerable.Range(1, segments.Length).Any(n => _ignored.Any(p => p.IsMatch(string.Join('/', segments.Take(n)))));
    }

    private string Relative(string path) => Path.GetRelativePath(_context, path).Replace('\\', '/');

    /// <summary>.dockerignore patterns as regular expressions over context-relative paths (no '!' exceptions).</summary>
    private static List<Regex> IgnorePatterns(string file) =>
        !File.Exists(file)
            ? []
            : File.ReadAllLines(file)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => line.StartsWith('!')
                    ? throw new NotSupportedException($".dockerignore exception {line} is not emulated.")
                    : new Regex("^" + Regex.Escape(line.Trim('/'))
                        .Replace("\\*\\*/", "(.*/)?", StringComparison.Ordinal)
                        .Replace("\\*\\*", ".*", StringComparison.Ordinal)
                        .Replace("\\*", "[^/]*", StringComparison.Ordinal)
                        .Replace("\\?", "[^/]", StringComparison.Ordinal) + "$"))
                .ToList();

    /// <summary>Removes everything under <paramref name="root"/> but bin/ and obj/ directories.</summary>
    private static void Clear(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(root))
        {
            var name = Path.GetFileName(entry);
            var info = new DirectoryInfo(entry);
            if (!info.Exists || info.LinkTarget is not null)
            {
                File.Delete(entry);
            }
            else if (name is not ("bin" or "obj"))
            {
                Clear(entry);
                if (!Directory.EnumerateFileSystemEntries(entry).Any())
                {
                    Directory.Delete(entry);
                }
            }
        }
    }

    private static (string Keyword, string Arguments) Split(string instruction)
    {
        var space = instruction.IndexOf(' ', StringComparison.Ordinal);
        return (instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
    }

    private static List<Stage> Stages(IReadOnlyList<string> instructions, string temp)
    {
        var stages = new List<Stage>();
        foreach (var instruction in instructions)
        {
            var (keyword, rest) = Split(instruction);
            if (keyword == "FROM")
            {
                var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : stages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                stages.Add(new Stage(name, words[0], Path.Combine(temp, "stage-" + name), []));
            }

            stages[^1].Instructions.Add(instruction);
        }

        return stages;
    }

    /// <summary>One stage: its name, base image, instructions and the temporary root it writes under.</summary>
    private sealed record Stage(string Name, string Image, string Root, List<string> Instructions)
    {
        public string Map(string path) => Path.Combine(Root, path.TrimStart('/'));

        /// <summary>What this stage holds at <paramref name="path"/>: its own files, else the base image's (the host's).</summary>
        public string Resolve(string path)
        {
            var mapped = Map(path.TrimEnd('/'));
            return Path.Exists(mapped) || new FileInfo(mapped).LinkTarget is not null ? mapped : path;
        }
    }
}
