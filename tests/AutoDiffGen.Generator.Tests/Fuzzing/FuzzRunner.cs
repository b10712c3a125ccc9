using System.Collections;
using System.Numerics.Tensors;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Tests.Fuzzing;

/// <summary>What went wrong with one method: a key that groups failures of one kind, and the details.</summary>
internal sealed record Failure(string Key, string Detail);

/// <summary>Counts across a run; updated from several threads.</summary>
internal sealed class FuzzStats
{
    public int Loops, LoopsExecuted;
    public int Generated, Accepted, Rejected, Compiled, Executed, GradientChecked;
    public int Exceptions, InternalErrors, CompileFailures, WrongValues, WrongGradients, Threw, InvalidSources, Retried;

    public override string ToString()
        => $"generated {Generated}, accepted {Accepted}, rejected {Rejected}, compiled {Compiled}, executed {Executed}, gradient-checked {GradientChecked}; " +
           $"generator exceptions {Exceptions}, ADG0900 {InternalErrors}, compile failures {CompileFailures}, wrong values {WrongValues}, " +
           $"wrong gradients {WrongGradients}, generated or user code threw {Threw}, invalid fuzz sources {InvalidSources}, " +
           $"gradient checks passed only on other inputs {Retried}; with a loop {Loops} (executed {LoopsExecuted})";
}

/// <summary>Runs the generator over a generated method, compiles the result, runs it and checks its numbers.</summary>
internal static class FuzzRunner
{
    private static readonly MetadataReference[] References = GeneratorHarness.Compile().References.ToArray();

    private static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release);

    /// <summary>The generator's verdict and, when it accepted the method and its code compiled, the compiled output.</summary>
    private sealed record Generated(Failure? Failure, bool Rejected, Compilation? Output);

    public static Failure? Check(FuzzMethod method, Func<FuzzMethod> doubleTwin, bool execute, FuzzStats stats)
    {
        Interlocked.Increment(ref stats.Generated);
        if (method.HasLoop) Interlocked.Increment(ref stats.Loops);
        var generated = Generate(method, stats);
        if (generated.Failure is not null || generated.Rejected) return generated.Failure;
        if (!execute) return null;

        Compilation? twinOutput = null;
        FuzzMethod? twin = null;
        if (method.IsFloat)
        {
            twin = doubleTwin();
            var twinGenerated = Generate(twin, stats: null);
            if (twinGenerated.Failure is not null) return twinGenerated.Failure with { Key = twinGenerated.Failure.Key + " (double spelling)" };
            if (twinGenerated.Rejected) return new Failure("the double spelling is rejected", twin.Source);
            twinOutput = twinGenerated.Output;
        }
        Interlocked.Increment(ref stats.Executed);
        if (method.HasLoop) Interlocked.Increment(ref stats.LoopsExecuted);
        try
        {
            return Execute(method, generated.Output!, twin, twinOutput, stats);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            Interlocked.Increment(ref stats.Threw);
            return new Failure($"code threw {e.InnerException.GetType().Name}: {Normalize(e.InnerException.Message)}", e.InnerException.ToString());
        }
    }

    private static Generated Generate(FuzzMethod method, FuzzStats? stats)
    {
        var compilation = CSharpCompilation.Create("Fuzz" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(method.Source, GeneratorHarness.ParseOptions, path: "Method.cs")],
            References, Options);
        var userErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (userErrors.Count > 0)
        {
            if (stats is not null) Interlocked.Increment(ref stats.InvalidSources);
            return new Generated(new Failure("the fuzzer wrote invalid C#: " + userErrors[0].Id, string.Join("\n", userErrors.Take(5))), false, null);
        }

        var driver = CSharpGeneratorDriver.Create([new AutoDiffGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions);
        driver = (CSharpGeneratorDriver)driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            if (stats is not null) Interlocked.Increment(ref stats.Exceptions);
            return new Generated(new Failure($"generator threw {result.Exception.GetType().Name}: {Normalize(result.Exception.Message)}", result.Exception.ToString()), false, null);
        }
        if (!result.Diagnostics.IsEmpty)
            return new Generated(new Failure("the generator reported " + result.Diagnostics[0].Id, string.Join("\n", result.Diagnostics)), false, null);
        // Diagnostics are the analyzer's, on the compilation with the generated files, as a build or the editor sees it.
        var diagnostics = GeneratorHarness.AnalyzeFile(output, compilation.SyntaxTrees.Single());
        var internalError = diagnostics.FirstOrDefault(d => d.Id == "ADG0900");
        if (internalError is not null)
        {
            if (stats is not null) Interlocked.Increment(ref stats.InternalErrors);
            return new Generated(new Failure("ADG0900: " + Normalize(internalError.GetMessage()), internalError.ToString()), false, null);
        }
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            // Every generated method is well-formed: an error on one is a false rejection.
            if (stats is not null) Interlocked.Increment(ref stats.Rejected);
            return new Generated(new Failure($"well-formed method rejected with {errors[0].Id}: {Normalize(errors[0].GetMessage())}", string.Join("\n", errors)), true, null);
        }
        if (stats is not null) Interlocked.Increment(ref stats.Accepted);

        var compileErrors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (compileErrors.Count > 0)
        {
            if (stats is not null) Interlocked.Increment(ref stats.CompileFailures);
            var first = compileErrors[0];
            string generatedText = first.Location.SourceTree is { } tree ? LineOf(tree, first.Location) : "";
            return new Generated(new Failure($"generated code does not compile: {first.Id} {Normalize(first.GetMessage())}",
                string.Join("\n", compileErrors.Take(6).Select(e => e.ToString())) + (generatedText.Length > 0 ? "\n  at: " + generatedText : "")), false, null);
        }
        if (stats is not null) Interlocked.Increment(ref stats.Compiled);
        return new Generated(null, false, output);
    }

    private static string LineOf(SyntaxTree tree, Location location)
    {
        var line = location.GetLineSpan().StartLinePosition.Line;
        var lines = tree.GetText().Lines;
        return line < lines.Count ? lines[line].ToString().Trim() : "";
    }

    /// <summary>Quoted names and numbers replaced, so failures of one kind share a key.</summary>
    public static string Normalize(string message)
    {
        string text = Regex.Replace(message, "'[^']*'", "'…'");
        text = Regex.Replace(text, @"\b\d+\b", "#");
        return text.Length > 160 ? text[..160] : text;
    }

    // ---------------------------------------------------------------- running

    private sealed class Loaded : IDisposable
    {
        private readonly AssemblyLoadContext _context;

        public Loaded(Compilation output)
        {
            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            if (!emit.Success) throw new InvalidOperationException("emit failed: " + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            stream.Position = 0;
            _context = new AssemblyLoadContext("fuzz", isCollectible: true);
            Assembly = _context.LoadFromStream(stream);
        }

        public Assembly Assembly { get; }

        public void Dispose() => _context.Unload();
    }

    /// <summary>Inputs in double, shared by the float and double spellings.</summary>
    private sealed class Inputs
    {
        public required object[] Values { get; init; } // double[] for tensors, int[] for indices, double for scalars, int for ints

        public object[] Arguments(FuzzMethod method, bool asFloat)
        {
            var args = new object[method.Parameters.Count];
            for (int i = 0; i < args.Length; i++)
            {
                var p = method.Parameters[i];
                var lengths = p.Shape.Select(d => (nint)d.Size).ToArray();
                args[i] = p.Kind switch
                {
                    ParamKind.Tensor when asFloat => Tensor.Create(((double[])Values[i]).Select(v => (float)v).ToArray(), lengths),
                    ParamKind.Tensor => Tensor.Create(((double[])Values[i]).ToArray(), lengths),
                    ParamKind.Index => Tensor.Create(((int[])Values[i]).ToArray(), lengths),
                    ParamKind.Scalar when asFloat => (float)(double)Values[i],
                    ParamKind.Scalar => (double)Values[i],
                    _ => (int)Values[i],
                };
            }
            return args;
        }
    }

    private static Inputs RandomInputs(FuzzMethod method, int seed)
    {
        var random = new Random(seed);
        var values = new object[method.Parameters.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var p = method.Parameters[i];
            values[i] = p.Kind switch
            {
                ParamKind.Tensor => Enumerable.Range(0, p.Count).Select(_ => random.NextDouble() * 2 - 1).ToArray(),
                ParamKind.Index => Enumerable.Range(0, p.Count).Select(_ => random.Next(p.Range)).ToArray(),
                ParamKind.Scalar when p.NoDiff => 0.5 + random.NextDouble(),
                ParamKind.Scalar => random.NextDouble() * 2 - 1,
                _ => 1 + random.Next(3),
            };
        }
        return new Inputs { Values = values };
    }

    private static double[] Values(object tensorOrScalar) => tensorOrScalar switch
    {
        Tensor<double> t => ((IEnumerable<double>)t).ToArray(),
        Tensor<float> t => ((IEnumerable<float>)t).Select(v => (double)v).ToArray(),
        double d => [d],
        float f => [f],
        _ => throw new InvalidOperationException("unexpected value " + tensorOrScalar),
    };

    private static nint[] Lengths(object value) => value switch
    {
        Tensor<double> t => t.Lengths.ToArray(),
        Tensor<float> t => t.Lengths.ToArray(),
        _ => [],
    };

    /// <summary>The user's method, the generated value and gradients, and the check of both.</summary>
    private sealed class Subject(FuzzMethod method, Assembly assembly)
    {
        private readonly Type _type = assembly.GetType(method.TypeName) ?? throw new InvalidOperationException("no type " + method.TypeName);

        public MethodInfo User => _type.GetMethod(method.MethodName, BindingFlags.Public | BindingFlags.Static)!;

        public MethodInfo? Generated => _type.GetMethod(method.MethodName + "ValueAndGradients", BindingFlags.Public | BindingFlags.Static);

        public object Run(object[] args) => User.Invoke(null, args)!;

        /// <summary>The value and the gradients in the differentiated parameters' order.</summary>
        public (double[] Value, nint[] Lengths, List<(string Name, double[] Values, nint[] Lengths)> Gradients) RunGenerated(object[] args, object? outputGradient)
        {
            var all = outputGradient is null ? args : args.Append(outputGradient).ToArray();
            var tuple = (ITuple)Generated!.Invoke(null, all)!;
            var value = Values(tuple[0]!);
            var lengths = Lengths(tuple[0]!);
            var gradients = tuple[1]!;
            var properties = gradients.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            var list = properties.Select(p => (p.Name, Values(p.GetValue(gradients)!), Lengths(p.GetValue(gradients)!))).ToList();
            return (value, lengths, list);
        }
    }

    private static Failure? Execute(FuzzMethod method, Compilation output, FuzzMethod? twin, Compilation? twinOutput, FuzzStats stats)
    {
        using var loaded = new Loaded(output);
        using var twinLoaded = twinOutput is null ? null : new Loaded(twinOutput);
        var subject = new Subject(method, loaded.Assembly);
        var reference = twin is null ? subject : new Subject(twin, twinLoaded!.Assembly);
        var referenceMethod = twin ?? method;
        if (subject.Generated is null) return new Failure("no ValueAndGradients method", method.MethodName);

        int seed = method.Source.GetHashCode(StringComparison.Ordinal) & 0x7fffffff;
        var failure = CheckAt(method, subject, referenceMethod, reference, seed, stats, out bool numericalOnly);
        if (failure is null || !numericalOnly) return failure;
        // A gradient that disagrees with finite differences only on these inputs (a kink or a tie near them) is not a bug.
        var again = CheckAt(method, subject, referenceMethod, reference, seed ^ 0x5bd1e995, stats, out _);
        if (again is null) Interlocked.Increment(ref stats.Retried);
        else Interlocked.Increment(ref stats.WrongGradients);
        return again;
    }

    private static Failure? CheckAt(FuzzMethod method, Subject subject, FuzzMethod referenceMethod, Subject reference, int seed, FuzzStats stats, out bool numericalOnly)
    {
        numericalOnly = false;
        var inputs = RandomInputs(method, seed);
        var random = new Random(seed + 1);
        bool single = method.IsFloat;

        // The reference value, in double, from the user's own method.
        var userDouble = reference.Run(inputs.Arguments(referenceMethod, asFloat: false));
        var userLengths = Lengths(userDouble);
        object? outputGradientValues = null;
        double[]? seedGradient = null;
        if (method.ReturnsTensor)
        {
            seedGradient = Enumerable.Range(0, Values(userDouble).Length).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            outputGradientValues = seedGradient;
        }
        object? OutputGradient(bool asFloat) => seedGradient is null ? null
            : asFloat ? Tensor.Create(seedGradient.Select(v => (float)v).ToArray(), userLengths) : Tensor.Create(seedGradient.ToArray(), userLengths);

        var differentiated = method.Parameters.Select((p, i) => (p, i)).Where(t => t.p.Differentiated).ToList();

        // Generated double: against the user's value (tight) and finite differences of the user's method.
        var generatedDouble = reference.RunGenerated(inputs.Arguments(referenceMethod, false), OutputGradient(false));
        var expectedValue = Values(userDouble);
        if (!generatedDouble.Lengths.SequenceEqual(userLengths))
        {
            Interlocked.Increment(ref stats.WrongValues);
            return new Failure("generated value has the wrong shape", $"[{string.Join(", ", generatedDouble.Lengths)}] instead of [{string.Join(", ", userLengths)}]");
        }
        double valueError = RelativeError(generatedDouble.Value, expectedValue, 1);
        if (valueError > 1e-9)
        {
            Interlocked.Increment(ref stats.WrongValues);
            return new Failure("generated value differs from the method's own value" + Reorder(method),
                $"relative error {valueError:E2}{Note(method)}\n  generated {Show(generatedDouble.Value)}\n  method    {Show(expectedValue)}");
        }
        if (generatedDouble.Gradients.Count != differentiated.Count)
        {
            Interlocked.Increment(ref stats.WrongGradients);
            return new Failure("gradients do not match the differentiated parameters",
                $"properties [{string.Join(", ", generatedDouble.Gradients.Select(g => g.Name))}] for parameters [{string.Join(", ", differentiated.Select(d => d.p.Name))}]");
        }

        double Objective(object[] args)
        {
            var value = Values(reference.Run(args));
            return seedGradient is null ? value[0] : value.Select((v, i) => v * seedGradient[i]).Sum();
        }
        double magnitude = seedGradient is null ? Math.Abs(expectedValue[0]) : expectedValue.Select((v, i) => Math.Abs(v * seedGradient[i])).Sum();
        var numerical = new List<double[]>();
        foreach (var (p, index) in differentiated)
            numerical.Add(FiniteDifferences(inputs, referenceMethod, index, Objective));
        double globalScale = numerical.SelectMany(g => g).Select(Math.Abs).DefaultIfEmpty(0).Max();
        Interlocked.Increment(ref stats.GradientChecked);
        for (int k = 0; k < differentiated.Count; k++)
        {
            var (p, _) = differentiated[k];
            var actual = generatedDouble.Gradients[k];
            if (actual.Values.Length != numerical[k].Length)
            {
                Interlocked.Increment(ref stats.WrongGradients);
                return new Failure("a gradient has the wrong size", $"{actual.Name}: {actual.Values.Length} values for '{p.Name}' of {numerical[k].Length}");
            }
            double floor = Math.Max(1e-2 * globalScale, 1e-5 * Math.Max(1, magnitude));
            double error = RelativeError(actual.Values, numerical[k], floor);
            if (error > 1e-6)
            {
                numericalOnly = true;
                return new Failure("gradient differs from finite differences" + Reorder(method),
                    $"∂/∂{p.Name} ({actual.Name}): relative error {error:E2}{Note(method)}\n  generated  {Show(actual.Values)}\n  numerical  {Show(numerical[k])}");
            }
        }

        if (!single) return null;
        // Float: the float method against the same method in double.
        var userSingle = subject.Run(inputs.Arguments(method, asFloat: true));
        var generatedSingle = subject.RunGenerated(inputs.Arguments(method, true), OutputGradient(true));
        double singleValueError = Math.Max(RelativeError(generatedSingle.Value, Values(userSingle), 1e-3), RelativeError(generatedSingle.Value, expectedValue, 1e-3));
        if (singleValueError > 1e-3)
        {
            Interlocked.Increment(ref stats.WrongValues);
            return new Failure("float generated value differs" + Reorder(method),
                $"relative error {singleValueError:E2}\n  float generated {Show(generatedSingle.Value)}\n  float method    {Show(Values(userSingle))}\n  double method   {Show(expectedValue)}");
        }
        if (generatedSingle.Gradients.Count != differentiated.Count)
        {
            Interlocked.Increment(ref stats.WrongGradients);
            return new Failure("float gradients do not match the differentiated parameters", string.Join(", ", generatedSingle.Gradients.Select(g => g.Name)));
        }
        double doubleScale = generatedDouble.Gradients.SelectMany(g => g.Values).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int k = 0; k < differentiated.Count; k++)
        {
            // Float rounding (a saturated tanh's 1 - y², say) is absolute: judged on the gradients' scale, at least 1e-2.
            double error = RelativeError(generatedSingle.Gradients[k].Values, generatedDouble.Gradients[k].Values, Math.Max(1e-2 * doubleScale, 1e-2));
            if (error > 1e-3)
            {
                numericalOnly = true;
                return new Failure("float gradient differs from the double one" + Reorder(method),
                    $"∂/∂{differentiated[k].p.Name}: relative error {error:E2}\n  float  {Show(generatedSingle.Gradients[k].Values)}\n  double {Show(generatedDouble.Gradients[k].Values)}");
            }
        }
        return null;
    }

    // Kept out of the failure's key, so shrinking may drop the reordering when it is not the cause.
    private static string Reorder(FuzzMethod method) => "";

    private static string Note(FuzzMethod method) => method.Reordered ? "\n  (the method passes named arguments out of order)" : "";

    private static string Show(double[] values) => "[" + string.Join(", ", values.Take(8).Select(v => v.ToString("G8"))) + (values.Length > 8 ? ", …" : "") + "]";

    /// <summary>Central differences of fourth order, step scaled to each element.</summary>
    private static double[] FiniteDifferences(Inputs inputs, FuzzMethod method, int index, Func<object[], double> objective)
    {
        var p = method.Parameters[index];
        if (p.Kind == ParamKind.Scalar)
        {
            double original = (double)inputs.Values[index];
            double At(double x)
            {
                inputs.Values[index] = x;
                return objective(inputs.Arguments(method, false));
            }
            double h = 1e-4 * Math.Max(1, Math.Abs(original));
            double d = (-At(original + 2 * h) + 8 * At(original + h) - 8 * At(original - h) + At(original - 2 * h)) / (12 * h);
            inputs.Values[index] = original;
            return [d];
        }
        var values = (double[])inputs.Values[index];
        var gradient = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double original = values[i];
            double At(double x)
            {
                values[i] = x;
                return objective(inputs.Arguments(method, false));
            }
            double h = 1e-4 * Math.Max(1, Math.Abs(original));
            gradient[i] = (-At(original + 2 * h) + 8 * At(original + h) - 8 * At(original - h) + At(original - 2 * h)) / (12 * h);
            values[i] = original;
        }
        return gradient;
    }

    private static double RelativeError(double[] actual, double[] expected, double floor)
    {
        if (actual.Length != expected.Length) return double.PositiveInfinity;
        double difference = 0, scale = floor;
        for (int i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(actual[i]) != double.IsNaN(expected[i])) return double.PositiveInfinity;
            difference = Math.Max(difference, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i])));
        }
        return difference / scale;
    }
}
