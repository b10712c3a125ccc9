using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

/// <summary>
/// Checks gradients — a generated backward pass's, on your own model and inputs — against central finite differences,
/// element by element, and reports the worst element of each parameter, as PyTorch's <c>gradcheck</c> and JAX's
/// <c>check_grads</c> do. Each element of each parameter is moved by ±h in place, the loss evaluated, and the
/// element restored, so the check costs two loss evaluations per element: use it on small shapes.
/// </summary>
/// <example>
/// <code>
/// var (loss, g) = Model.LossValueAndGradients(x, w, b);
/// GradCheck.Check(() => Model.Loss(x, w, b), ("w", w, g.W), ("b", b, g.B)).ThrowIfFailed();
/// </code>
/// </example>
public static class GradCheck
{
    /// <summary>
    /// Compares each <c>Gradient</c> with the central difference of <paramref name="loss"/> in its <c>Value</c>. The
    /// differences are computed in double whatever <typeparamref name="T"/> is; in float the step and the tolerance
    /// are larger, since the loss itself is only good to about 1e-7 relative (check in double where you can).
    /// </summary>
    /// <param name="loss">Evaluates the loss at the parameters' current values.</param>
    /// <param name="parameters">Each parameter's name, its value (moved and restored in place) and the gradient to check.</param>
    /// <exception cref="ArgumentException">A gradient's shape differs from its value's, or a name is repeated.</exception>
    public static GradCheckResult Check<T>(Func<T> loss, params (string Name, Tensor<T> Value, Tensor<T> Gradient)[] parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Check(loss, GradCheckOptions.For<T>(), parameters);

    /// <inheritdoc cref="Check{T}(Func{T}, ValueTuple{string, Tensor{T}, Tensor{T}}[])"/>
    /// <param name="loss">Evaluates the loss at the parameters' current values.</param>
    /// <param name="options">The relative step and the tolerances.</param>
    /// <param name="parameters">Each parameter's name, its value (moved and restored in place) and the gradient to check.</param>
    public static GradCheckResult Check<T>(Func<T> loss, GradCheckOptions options, params (string Name, Tensor<T> Value, Tensor<T> Gradient)[] parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Select(p => p.Name).Distinct().Count() != parameters.Length)
            throw new ArgumentException("Each parameter must have its own name.", nameof(parameters));
        foreach (var (name, value, gradient) in parameters)
        {
            if (!value.Lengths.SequenceEqual(gradient.Lengths))
                throw new ArgumentException($"The gradient of '{name}' is [{string.Join(", ", gradient.Lengths.ToArray())}] but '{name}' is [{string.Join(", ", value.Lengths.ToArray())}].", nameof(parameters));
        }

        var results = new List<GradCheckParameter>();
        foreach (var (name, value, gradient) in parameters)
        {
            var elements = TensorData.Write(value, name);
            T[]? copy = null;
            var analytic = TensorData.Read(gradient, ref copy).ToArray();
            var worst = new GradCheckParameter(name, -1, 0, 0, 0, 0);
            for (int i = 0; i < elements.Length; i++)
            {
                T original = elements[i];
                double x = double.CreateChecked(original);
                double h = options.RelativeStep * Math.Max(1, Math.Abs(x));
                elements[i] = T.CreateChecked(x + h);
                double plus = double.CreateChecked(loss());
                elements[i] = T.CreateChecked(x - h);
                double minus = double.CreateChecked(loss());
                elements[i] = original;
                // The step actually taken, after rounding to T.
                double numeric = (plus - minus) / (double.CreateChecked(T.CreateChecked(x + h)) - double.CreateChecked(T.CreateChecked(x - h)));
                double given = double.CreateChecked(analytic[i]);
                double error = Math.Abs(given - numeric);
                double allowed = options.AbsoluteTolerance + options.RelativeTolerance * Math.Abs(numeric);
                double excess = error / allowed;
                if (worst.Index < 0 || excess > worst.Excess) worst = new GradCheckParameter(name, i, given, numeric, error, excess);
            }
            results.Add(worst);
        }
        return new GradCheckResult(results);
    }
}

/// <summary>The finite-difference step and the tolerance: an element passes when |given − numeric| ≤ absolute + relative·|numeric|.</summary>
/// <param name="RelativeStep">h = RelativeStep · max(1, |x|).</param>
/// <param name="RelativeTolerance">The tolerance relative to the numeric derivative.</param>
/// <param name="AbsoluteTolerance">The tolerance for derivatives near zero.</param>
public sealed record GradCheckOptions(double RelativeStep, double RelativeTolerance, double AbsoluteTolerance)
{
    /// <summary>Double: h = 1e-6, tolerance 1e-5 relative, 1e-8 absolute. Float: h = 1e-3, tolerance 1e-2 relative, 1e-3 absolute.</summary>
    public static GradCheckOptions For<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(double) ? new GradCheckOptions(1e-6, 1e-5, 1e-8) : new GradCheckOptions(1e-3, 1e-2, 1e-3);
}

/// <summary>The worst element of one parameter.</summary>
/// <param name="Name">The parameter.</param>
/// <param name="Index">The element's flat (row-major) index; -1 for an empty parameter.</param>
/// <param name="Given">The gradient being checked there.</param>
/// <param name="Numeric">The central difference there.</param>
/// <param name="Error">|Given − Numeric|.</param>
/// <param name="Excess">The error over the allowed error: at most 1 passes.</param>
public sealed record GradCheckParameter(string Name, int Index, double Given, double Numeric, double Error, double Excess)
{
    /// <summary>Whether the worst element, and so every element, is within the tolerance.</summary>
    public bool Passed => Excess <= 1;

    /// <summary>The worst element, its two derivatives and its error.</summary>
    public override string ToString() => Index < 0
        ? $"{Name}: empty"
        : string.Create(CultureInfo.InvariantCulture, $"{Name}: worst element {Index}: gradient {Given:G6}, finite difference {Numeric:G6}, error {Error:E2} ({(Passed ? "ok" : "FAILED")})");
}

/// <summary>Every parameter's worst element.</summary>
public sealed class GradCheckResult(IReadOnlyList<GradCheckParameter> parameters)
{
    /// <summary>Each parameter's worst element, in the order they were given.</summary>
    public IReadOnlyList<GradCheckParameter> Parameters { get; } = parameters;

    /// <summary>Whether every element of every parameter is within the tolerance.</summary>
    public bool Passed => Parameters.All(p => p.Passed);

    /// <exception cref="InvalidOperationException">Some element is outside the tolerance; the message lists every parameter's worst.</exception>
    public void ThrowIfFailed()
    {
        if (!Passed) throw new InvalidOperationException("Gradient check failed:\n" + this);
    }

    /// <summary>One line per parameter.</summary>
    public override string ToString() => string.Join("\n", Parameters);
}
