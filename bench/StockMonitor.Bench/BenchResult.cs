using System.Globalization;
using System.Text;

namespace StockMonitor.Bench;

/// <summary>What a scenario measured: named figures per round, a headline ratio, and notes.</summary>
internal sealed class BenchResult(string title, string command)
{
    private readonly List<(string Name, string Unit, List<double> Values)> figures = [];
    private readonly List<string> notes = [];

    public void Add(string name, string unit, double value)
    {
        var figure = figures.FirstOrDefault(f => f.Name == name);
        if (figure.Values is null)
        {
            figure = (name, unit, []);
            figures.Add(figure);
        }

        figure.Values.Add(value);
    }

    public void Note(string note) => notes.Add(note);

    public double Median(string name)
    {
        var values = figures.Single(f => f.Name == name).Values.Order().ToList();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}`");
        text.AppendLine();
        text.AppendLine("| figure | median | rounds |");
        text.AppendLine("|---|---|---|");
        foreach (var (name, unit, values) in figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Format(Median(name))} {unit} | {string.Join(" · ", values.Select(Format))} |");
        }

        foreach (var note in notes)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        return text.ToString();
    }

    private static string Format(double value) => value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture);
}
