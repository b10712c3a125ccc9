using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AutoDiffGen.Samples.Makemore;

/// <summary>
/// Shows how training goes. On an interactive terminal, a live display redrawn from its own thread about ten times a
/// second (step, losses, speed, ETA); the training loop only records each loss into a <see cref="LossHistory"/>.
/// Otherwise (output redirected to a log, CI=true, TERM=dumb) a plain line every <c>reportEvery</c> steps.
/// </summary>
public sealed class TrainingProgress : IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);

    // Steps per second over the last two seconds or so, so the ETA follows changes in speed without jitter.
    private const int RateWindow = 20;

    private readonly string _title;
    private readonly LossHistory _history;
    private readonly int _reportEvery;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly ManualResetEventSlim _finished = new();
    private readonly ManualResetEventSlim _firstFrame = new();
    private readonly Thread? _display;
    private readonly Queue<(TimeSpan Time, int Count)> _rateSamples = new();
    private readonly bool _unicode;

    public TrainingProgress(string title, LossHistory history, int reportEvery)
    {
        _title = title;
        _history = history;
        _reportEvery = Math.Max(1, reportEvery);
        var capabilities = AnsiConsole.Profile.Capabilities;
        _unicode = capabilities.Unicode;
        if (capabilities.Interactive && capabilities.Ansi && !InCi())
        {
            // On Ctrl+C, the display draws its last frame and moves below it, and shows the cursor again.
            Console.CancelKeyPress += StopDisplay;
            _display = new Thread(RunDisplay) { IsBackground = true, Name = "Training progress" };
            _display.Start();
            // The first frame compiles most of Spectre's rendering code; done now, that JIT work does not postpone
            // the tier-up of the training loop that starts next (new tier-0 methods delay it).
            _firstFrame.Wait();
        }
    }

    /// <summary>Records the step's batch loss; call once per step, in order.</summary>
    public void Record(float loss)
    {
        _history.Add(loss);
        if (_display is not null) return;
        int step = _history.Count;
        if (!IsReportStep(step)) return;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"  step {step,6}/{_history.Steps}  batch loss {loss:F4}  (running {_history.Running[step - 1]:F4})");
        if (_history.LastValidation is { } validation && validation.Step == step)
            line += string.Create(CultureInfo.InvariantCulture, $"  validation {validation.Loss:F4}");
        Console.WriteLine(line);
    }

    /// <summary>Records a validation checkpoint; call it before <see cref="Record"/> of the same step to have it on that step's line.</summary>
    public void RecordValidation(int step, float loss) => _history.AddValidation(step, loss);

    private bool IsReportStep(int step) => step == 1 || step % _reportEvery == 0 || step == _history.Steps;

    /// <summary>Draws the final state and stops the display.</summary>
    public void Dispose()
    {
        if (_display is null) return;
        Console.CancelKeyPress -= StopDisplay;
        _finished.Set();
        _display.Join();
    }

    private void RunDisplay()
    {
        AnsiConsole.Live(Render()).Start(context =>
        {
            context.Refresh();
            _firstFrame.Set();
            while (!_finished.Wait(RefreshInterval)) context.UpdateTarget(Render());
            context.UpdateTarget(Render());
        });
    }

    private IRenderable Render()
    {
        int count = _history.Count, steps = _history.Steps;
        var elapsed = _elapsed.Elapsed;
        double rate = Rate(elapsed, count);
        string dot = _unicode ? "·" : "|";

        double fraction = steps == 0 ? 1 : (double)count / steps;
        int width = Math.Clamp(AnsiConsole.Profile.Width - 40, 10, 50);
        int filled = (int)Math.Round(fraction * width);
        char bar = _unicode ? '━' : '=';
        string progress = string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(_title)}[/] [green]{new string(bar, filled)}[/][grey]{new string(bar, width - filled)}[/] " +
            $"{(int)(fraction * 100),3}%  step {count:N0}/{steps:N0}");

        string losses = count == 0 ? "[grey]loss: waiting for the first step[/]" : string.Create(CultureInfo.InvariantCulture,
            $"batch loss [bold]{_history.Batch[count - 1]:F4}[/] {dot} running [bold]{_history.Running[count - 1]:F4}[/]");
        if (_history.LastValidation is { } validation)
            losses += string.Create(CultureInfo.InvariantCulture, $" {dot} validation [bold]{validation.Loss:F4}[/] [grey](step {validation.Step:N0})[/]");

        string eta = count >= steps ? "done" : rate > 0 ? Format(TimeSpan.FromSeconds((steps - count) / rate)) : "?";
        string speed = string.Create(CultureInfo.InvariantCulture,
            $"[grey]{rate:N0} steps/s {dot} elapsed {Format(elapsed)} {dot} ETA {eta}[/]");

        return new Rows(new Markup(progress), new Markup(losses), new Markup(speed));
    }

    private double Rate(TimeSpan now, int count)
    {
        _rateSamples.Enqueue((now, count));
        if (_rateSamples.Count > RateWindow) _rateSamples.Dequeue();
        var (then, before) = _rateSamples.Peek();
        double seconds = (now - then).TotalSeconds;
        // Until the window has some width, the average since the start.
        return seconds > 0.2 ? (count - before) / seconds : now.TotalSeconds > 0 ? count / now.TotalSeconds : 0;
    }

    private static string Format(TimeSpan time)
        => time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    // Spectre recognises some CI services by their own variables; CI=true is the common one they all set, and a CI
    // log with a pseudo-terminal should still get plain lines.
    private static bool InCi() => Environment.GetEnvironmentVariable("CI") is { } ci && (ci == "1" || ci.Equals("true", StringComparison.OrdinalIgnoreCase));

    private void StopDisplay(object? sender, ConsoleCancelEventArgs e)
    {
        _finished.Set();
        _display?.Join(TimeSpan.FromSeconds(1));
    }
}
