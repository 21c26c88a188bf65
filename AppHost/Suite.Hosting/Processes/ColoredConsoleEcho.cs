namespace Suite.Hosting.Processes;

/// <summary>Echoes process output to the console as "[name] line", each name in its own colour.</summary>
public sealed class ColoredConsoleEcho : IOutputEcho
{
    private static readonly ConsoleColor[] Palette =
    [
        ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue,
        ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkMagenta, ConsoleColor.DarkYellow,
    ];

    private readonly object _gate = new();
    private readonly Dictionary<string, ConsoleColor> _colors = [];
    private readonly bool _useColor = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private int _width;

    public void Line(string source, string line, bool isError) => Write(source, line, isError ? ConsoleColor.Red : null);

    /// <summary>A host message with the same prefix layout.</summary>
    public void Write(string source, string line, ConsoleColor? lineColor = null)
    {
        lock (_gate)
        {
            if (!_colors.TryGetValue(source, out var color))
            {
                color = Palette[_colors.Count % Palette.Length];
                _colors[source] = color;
            }
            _width = Math.Max(_width, source.Length);
            var prefix = $"[{source}]".PadRight(_width + 3);
            if (!_useColor)
            {
                Console.Out.WriteLine(prefix + line);
                return;
            }
            Console.ForegroundColor = color;
            Console.Out.Write(prefix);
            if (lineColor is { } lc)
            {
                Console.ForegroundColor = lc;
            }
            else
            {
                Console.ResetColor();
            }
            Console.Out.WriteLine(line);
            Console.ResetColor();
        }
    }
}
