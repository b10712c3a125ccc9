using ScottPlot;
using SkiaSharp;

namespace AutoDiffGen.Samples.Makemore;

/// <summary>A PNG of a <see cref="LossHistory"/>: batch loss, running loss and the validation checkpoints against the step.</summary>
public static class LossPlot
{
    public const int Width = 1200, Height = 700;

    // SkiaSharp's Linux build without dependencies reads /usr/share/fonts itself (no fontconfig) and falls back to the
    // first family it finds, often a serif; these sans families are tried first.
    private static readonly string[] SansFamilies = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Segoe UI", "Helvetica", "Arial"];

    /// <summary>False when no font is installed at all (a bare container): the PNG is drawn, but without any text.</summary>
    public static bool CanDrawText => SKTypeface.Default.GlyphCount > 0;

    /// <summary>Draws the curve into <paramref name="path"/>; <paramref name="markers"/> are steps worth a vertical line (a learning-rate change).</summary>
    public static void Save(LossHistory history, string path, string title, params (int Step, string Label)[] markers)
    {
        var plot = new Plot();
        var families = SKFontManager.Default.GetFontFamilies();
        if (SansFamilies.FirstOrDefault(families.Contains) is { } sans) plot.Font.Set(sans);
        plot.Title(title, size: 20);
        plot.XLabel("step", size: 16);
        plot.YLabel("cross-entropy loss (nats)", size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;

        var batch = ToDouble(history.Batch);
        var running = ToDouble(history.Running);
        var validation = history.Validation;

        // Steps are 1-based: step n is at x = n.
        var batchLine = plot.Add.Signal(batch);
        batchLine.Data.XOffset = 1;
        batchLine.Color = Colors.SteelBlue.WithAlpha(0.35);
        batchLine.LineWidth = 1;
        batchLine.LegendText = "batch loss";

        var runningLine = plot.Add.Signal(running);
        runningLine.Data.XOffset = 1;
        runningLine.Color = Colors.Navy;
        runningLine.LineWidth = 2.5f;
        runningLine.LegendText = "running loss (EMA, 0.99)";

        if (validation.Length > 0)
        {
            var points = plot.Add.Scatter(validation.Select(v => (double)v.Step).ToArray(), validation.Select(v => (double)v.Loss).ToArray());
            points.Color = Colors.OrangeRed;
            points.LineWidth = 2;
            points.MarkerSize = 8;
            points.LegendText = "validation loss";
        }

        foreach (var (step, label) in markers)
        {
            var line = plot.Add.VerticalLine(step);
            line.Color = Colors.Gray;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.LegendText = label;
        }

        // The first steps' loss is far above the rest; let it run off the top instead of flattening the curve.
        var (low, high) = Range(batch, validation.Select(v => (double)v.Loss));
        // A little room on the right so the last checkpoint's marker is not cut in half.
        plot.Axes.SetLimitsX(0, Math.Max(1, history.Steps) * 1.01);
        plot.Axes.SetLimitsY(low, high);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 14;

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The batch losses' 0.5th to 99th percentile, widened to take in every validation point, plus a margin.</summary>
    private static (double Low, double High) Range(double[] batch, IEnumerable<double> validation)
    {
        if (batch.Length == 0) return (0, 1);
        var sorted = batch.Order().ToArray();
        double low = sorted[(int)(0.005 * (sorted.Length - 1))], high = sorted[(int)(0.99 * (sorted.Length - 1))];
        foreach (double v in validation)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        double margin = Math.Max(0.05 * (high - low), 1e-3);
        return (low - margin, high + margin);
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
