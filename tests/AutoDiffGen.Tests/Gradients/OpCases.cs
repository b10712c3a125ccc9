using System.Numerics.Tensors;
using D = AutoDiffGen.Tests.Gradients.DoubleOps;
using F = AutoDiffGen.Tests.Gradients.SingleOps;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>Every op and broadcasting pattern of <see cref="DoubleOps"/> and <see cref="SingleOps"/>, as test cases.</summary>
public static class OpCases
{
    private static readonly Func<double, double> Positive = v => 0.2 + Math.Abs(v);
    private static readonly Func<double, double> AwayFromZero = v => v >= 0 ? v + 0.1 : v - 0.1;

    private static double S(Tensor<double> t) => TestTensors.Values(t)[0];
    private static float S(Tensor<float> t) => (float)TestTensors.Values(t)[0];
    private static Tensor<double> W(double v) => TestTensors.Scalar(v);
    private static Tensor<float> W(float v) => TestTensors.Scalar(v);

    // Indices that depend only on a tensor's shape, so the eager and the generated calls see the same ones.
    private static int[] Cycle(int total, int limit) => Enumerable.Range(0, total).Select(i => (i * 7 + 3) % limit).ToArray();

    /// <summary>For a table [A, B]: indices [B, 2] into its A rows, with repeats.</summary>
    private static Tensor<int> TableIndices<T>(Tensor<T> table)
        => Tensor.Create(Cycle((int)table.Lengths[1] * 2, (int)table.Lengths[0]), [table.Lengths[1], 2]);

    /// <summary>For x [A, B]: one column index per row, [A].</summary>
    private static Tensor<int> RowIndices<T>(Tensor<T> x) => Tensor.Create(Cycle((int)x.Lengths[0], (int)x.Lengths[1]), [x.Lengths[0]]);

    private static OpCase T(string name, Func<Sizes, int[][]> shapes, Func<Tensor<double>[], Tensor<double>> eager,
        Func<Tensor<double>[], Tensor<double>?, (Tensor<double>, Tensor<double>[])> d,
        Func<Tensor<float>[], Tensor<float>?, (Tensor<float>, Tensor<float>[])> f, Func<double, double>? domain = null)
        => new() { Name = name, Shapes = shapes, Eager = eager, Double = d, Single = f, ReturnsTensor = true, Domain = domain ?? (v => v) };

    private static OpCase Scalar(string name, Func<Sizes, int[][]> shapes, Func<Tensor<double>[], double> eager,
        Func<Tensor<double>[], (double, Tensor<double>[])> d, Func<Tensor<float>[], (float, Tensor<float>[])> f, Func<double, double>? domain = null)
        => new()
        {
            Name = name, Shapes = shapes, Eager = t => W(eager(t)), ReturnsTensor = false, Domain = domain ?? (v => v),
            Double = (t, _) => { var (v, g) = d(t); return (W(v), g); },
            Single = (t, _) => { var (v, g) = f(t); return (W(v), g); },
        };

    public static IReadOnlyList<OpCase> All { get; } = new[]
    {
        T("Add [A,B] + [A,B]", s => [[s.A, s.B], [s.A, s.B]], t => D.Add(t[0], t[1]),
            (t, g) => { var r = new D.AddGradients(); return (D.AddBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.AddGradients(); return (F.AddBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("Add [A,1,B,1] + [C,1,1]", s => [[s.A, 1, s.B, 1], [s.C, 1, 1]], t => D.AddFourDims(t[0], t[1]),
            (t, g) => { var r = new D.AddFourDimsGradients(); return (D.AddFourDimsBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.AddFourDimsGradients(); return (F.AddFourDimsBackward(t[0], t[1], g!, r), [r.A, r.B]); }) with { Exact = new Sizes(5, 4, 3) },
        T("Add [1] + [A,1,B]", s => [[1], [s.A, 1, s.B]], t => D.AddOneToThree(t[0], t[1]),
            (t, g) => { var r = new D.AddOneToThreeGradients(); return (D.AddOneToThreeBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.AddOneToThreeGradients(); return (F.AddOneToThreeBackward(t[0], t[1], g!, r), [r.A, r.B]); }) with { Exact = new Sizes(3, 7, 3) },
        T("Add [A,1] + [1,B]", s => [[s.A, 1], [1, s.B]], t => D.AddOuter(t[0], t[1]),
            (t, g) => { var r = new D.AddOuterGradients(); return (D.AddOuterBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.AddOuterGradients(); return (F.AddOuterBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("Subtract [A,B] - [B]", s => [[s.A, s.B], [s.B]], t => D.SubtractRow(t[0], t[1]),
            (t, g) => { var r = new D.SubtractRowGradients(); return (D.SubtractRowBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.SubtractRowGradients(); return (F.SubtractRowBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("Subtract [A,B] - [A,1]", s => [[s.A, s.B], [s.A, 1]], t => D.SubtractColumn(t[0], t[1]),
            (t, g) => { var r = new D.SubtractColumnGradients(); return (D.SubtractColumnBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.SubtractColumnGradients(); return (F.SubtractColumnBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("Multiply [A,B] * [A,1]", s => [[s.A, s.B], [s.A, 1]], t => D.MultiplyColumn(t[0], t[1]),
            (t, g) => { var r = new D.MultiplyColumnGradients(); return (D.MultiplyColumnBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.MultiplyColumnGradients(); return (F.MultiplyColumnBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("Multiply [A,B,C] * [A,B,C]", s => [[s.A, s.B, s.C], [s.A, s.B, s.C]], t => D.MultiplySame(t[0], t[1]),
            (t, g) => { var r = new D.MultiplySameGradients(); return (D.MultiplySameBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.MultiplySameGradients(); return (F.MultiplySameBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("Divide [A,B] / [B]", s => [[s.A, s.B], [s.B]], t => D.DivideRow(t[0], t[1]),
            (t, g) => { var r = new D.DivideRowGradients(); return (D.DivideRowBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.DivideRowGradients(); return (F.DivideRowBackward(t[0], t[1], g!, r), [r.A, r.B]); }, Positive),
        T("Divide [A,1,C] / [B,1]", s => [[s.A, 1, s.C], [s.B, 1]], t => D.DivideBroadcastBoth(t[0], t[1]),
            (t, g) => { var r = new D.DivideBroadcastBothGradients(); return (D.DivideBroadcastBothBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.DivideBroadcastBothGradients(); return (F.DivideBroadcastBothBackward(t[0], t[1], g!, r), [r.A, r.B]); }, Positive),
        T("Negate", s => [[s.A, s.B]], t => D.Negate(t[0]),
            (t, g) => { var r = new D.NegateGradients(); return (D.NegateBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.NegateGradients(); return (F.NegateBackward(t[0], g!, r), [r.A]); }),

        T("Tensor + scalar", s => [[s.A, s.B], [1]], t => D.AddScalar(t[0], S(t[1])),
            (t, g) => { var r = new D.AddScalarGradients(); return (D.AddScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); },
            (t, g) => { var r = new F.AddScalarGradients(); return (F.AddScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); }),
        T("Scalar - tensor", s => [[s.A, s.B], [1]], t => D.ScalarMinus(t[0], S(t[1])),
            (t, g) => { var r = new D.ScalarMinusGradients(); return (D.ScalarMinusBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); },
            (t, g) => { var r = new F.ScalarMinusGradients(); return (F.ScalarMinusBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); }),
        T("Scalar * tensor * constant", s => [[s.A, s.B], [1]], t => D.MultiplyScalar(t[0], S(t[1])),
            (t, g) => { var r = new D.MultiplyScalarGradients(); return (D.MultiplyScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); },
            (t, g) => { var r = new F.MultiplyScalarGradients(); return (F.MultiplyScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); }),
        T("Scalar / tensor", s => [[s.A, s.B], [1]], t => D.ScalarOver(t[0], S(t[1])),
            (t, g) => { var r = new D.ScalarOverGradients(); return (D.ScalarOverBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); },
            (t, g) => { var r = new F.ScalarOverGradients(); return (F.ScalarOverBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); }, Positive),
        T("Tensor / scalar", s => [[s.A, s.B], [1]], t => D.OverScalar(t[0], S(t[1])),
            (t, g) => { var r = new D.OverScalarGradients(); return (D.OverScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); },
            (t, g) => { var r = new F.OverScalarGradients(); return (F.OverScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.S)]); }, Positive),

        T("Exp", s => [[s.A, s.B]], t => D.Exp(t[0]),
            (t, g) => { var r = new D.ExpGradients(); return (D.ExpBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.ExpGradients(); return (F.ExpBackward(t[0], g!, r), [r.A]); }),
        T("Log", s => [[s.A, s.B]], t => D.Log(t[0]),
            (t, g) => { var r = new D.LogGradients(); return (D.LogBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.LogGradients(); return (F.LogBackward(t[0], g!, r), [r.A]); }, Positive),
        T("Tanh", s => [[s.A, s.B]], t => D.Tanh(t[0]),
            (t, g) => { var r = new D.TanhGradients(); return (D.TanhBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.TanhGradients(); return (F.TanhBackward(t[0], g!, r), [r.A]); }),
        T("Sigmoid", s => [[s.A, s.B]], t => D.Sigmoid(t[0]),
            (t, g) => { var r = new D.SigmoidGradients(); return (D.SigmoidBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SigmoidGradients(); return (F.SigmoidBackward(t[0], g!, r), [r.A]); }),
        T("Relu", s => [[s.A, s.B]], t => D.Relu(t[0]),
            (t, g) => { var r = new D.ReluGradients(); return (D.ReluBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.ReluGradients(); return (F.ReluBackward(t[0], g!, r), [r.A]); }, AwayFromZero),
        T("Sqrt", s => [[s.A, s.B]], t => D.Sqrt(t[0]),
            (t, g) => { var r = new D.SqrtGradients(); return (D.SqrtBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SqrtGradients(); return (F.SqrtBackward(t[0], g!, r), [r.A]); }, Positive),
        T("Abs", s => [[s.A, s.B]], t => D.Abs(t[0]),
            (t, g) => { var r = new D.AbsGradients(); return (D.AbsBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.AbsGradients(); return (F.AbsBackward(t[0], g!, r), [r.A]); }, AwayFromZero),
        T("Square", s => [[s.A, s.B]], t => D.Square(t[0]),
            (t, g) => { var r = new D.SquareGradients(); return (D.SquareBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SquareGradients(); return (F.SquareBackward(t[0], g!, r), [r.A]); }),
        T("Sin", s => [[s.A, s.B]], t => D.Sin(t[0]),
            (t, g) => { var r = new D.SinGradients(); return (D.SinBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SinGradients(); return (F.SinBackward(t[0], g!, r), [r.A]); }),
        T("Cos", s => [[s.A, s.B]], t => D.Cos(t[0]),
            (t, g) => { var r = new D.CosGradients(); return (D.CosBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.CosGradients(); return (F.CosBackward(t[0], g!, r), [r.A]); }),
        T("Pow(3)", s => [[s.A, s.B]], t => D.PowCube(t[0]),
            (t, g) => { var r = new D.PowCubeGradients(); return (D.PowCubeBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.PowCubeGradients(); return (F.PowCubeBackward(t[0], g!, r), [r.A]); }),
        T("Pow(2.5)", s => [[s.A, s.B]], t => D.PowFractional(t[0]),
            (t, g) => { var r = new D.PowFractionalGradients(); return (D.PowFractionalBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.PowFractionalGradients(); return (F.PowFractionalBackward(t[0], g!, r), [r.A]); }, Positive),
        T("Pow(-1)", s => [[s.A, s.B]], t => D.PowReciprocal(t[0]),
            (t, g) => { var r = new D.PowReciprocalGradients(); return (D.PowReciprocalBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.PowReciprocalGradients(); return (F.PowReciprocalBackward(t[0], g!, r), [r.A]); }, AwayFromZero),
        T("Pow(p) with p differentiated", s => [[s.A, s.B], [1]], t => D.PowOfScalar(t[0], S(t[1])),
            (t, g) => { var r = new D.PowOfScalarGradients(); return (D.PowOfScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.P)]); },
            (t, g) => { var r = new F.PowOfScalarGradients(); return (F.PowOfScalarBackward(t[0], S(t[1]), g!, r), [r.A, W(r.P)]); }, Positive),

        Scalar("Sum()", s => [[s.A, s.B, s.C]], t => D.Sum(t[0]),
            t => { var r = new D.SumGradients(); return (D.SumBackward(t[0], r), [r.A]); },
            t => { var r = new F.SumGradients(); return (F.SumBackward(t[0], r), [r.A]); }),
        Scalar("Mean()", s => [[s.A, s.B]], t => D.Mean(t[0]),
            t => { var r = new D.MeanGradients(); return (D.MeanBackward(t[0], r), [r.A]); },
            t => { var r = new F.MeanGradients(); return (F.MeanBackward(t[0], r), [r.A]); }),
        T("Sum(axis: 0)", s => [[s.A, s.B]], t => D.SumRows(t[0]),
            (t, g) => { var r = new D.SumRowsGradients(); return (D.SumRowsBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SumRowsGradients(); return (F.SumRowsBackward(t[0], g!, r), [r.A]); }),
        T("Sum(axis: 1, keepDims: true)", s => [[s.A, s.B]], t => D.SumColumnsKept(t[0]),
            (t, g) => { var r = new D.SumColumnsKeptGradients(); return (D.SumColumnsKeptBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SumColumnsKeptGradients(); return (F.SumColumnsKeptBackward(t[0], g!, r), [r.A]); }),
        T("Sum(axis: 1) of [A,B,C]", s => [[s.A, s.B, s.C]], t => D.SumMiddle(t[0]),
            (t, g) => { var r = new D.SumMiddleGradients(); return (D.SumMiddleBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SumMiddleGradients(); return (F.SumMiddleBackward(t[0], g!, r), [r.A]); }),
        T("Sum(axis: -1, keepDims: true)", s => [[s.A, s.B, s.C]], t => D.SumLastNegative(t[0]),
            (t, g) => { var r = new D.SumLastNegativeGradients(); return (D.SumLastNegativeBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SumLastNegativeGradients(); return (F.SumLastNegativeBackward(t[0], g!, r), [r.A]); }),
        T("Sum(axis: 0) of a vector", s => [[s.A]], t => D.SumVector(t[0]),
            (t, g) => { var r = new D.SumVectorGradients(); return (D.SumVectorBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SumVectorGradients(); return (F.SumVectorBackward(t[0], g!, r), [r.A]); }),
        T("Mean(axis: 1)", s => [[s.A, s.B]], t => D.MeanColumns(t[0]),
            (t, g) => { var r = new D.MeanColumnsGradients(); return (D.MeanColumnsBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.MeanColumnsGradients(); return (F.MeanColumnsBackward(t[0], g!, r), [r.A]); }),
        T("Mean(axis: 0, keepDims: true)", s => [[s.A, s.B, s.C]], t => D.MeanFirstKept(t[0]),
            (t, g) => { var r = new D.MeanFirstKeptGradients(); return (D.MeanFirstKeptBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.MeanFirstKeptGradients(); return (F.MeanFirstKeptBackward(t[0], g!, r), [r.A]); }),

        T("MatMul [A,B]·[B,C]", s => [[s.A, s.B], [s.B, s.C]], t => D.MatMul(t[0], t[1]),
            (t, g) => { var r = new D.MatMulGradients(); return (D.MatMulBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.MatMulGradients(); return (F.MatMulBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("MatMul [A,B]·[B]", s => [[s.A, s.B], [s.B]], t => D.MatVec(t[0], t[1]),
            (t, g) => { var r = new D.MatVecGradients(); return (D.MatVecBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.MatVecGradients(); return (F.MatVecBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("MatMul [A]·[A,B]", s => [[s.A], [s.A, s.B]], t => D.VecMat(t[0], t[1]),
            (t, g) => { var r = new D.VecMatGradients(); return (D.VecMatBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.VecMatGradients(); return (F.VecMatBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("MatMul [A]·[A]", s => [[s.A], [s.A]], t => D.VecVec(t[0], t[1]),
            (t, g) => { var r = new D.VecVecGradients(); return (D.VecVecBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.VecVecGradients(); return (F.VecVecBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        Scalar("Dot", s => [[s.A], [s.A]], t => D.Dot(t[0], t[1]),
            t => { var r = new D.DotGradients(); return (D.DotBackward(t[0], t[1], r), [r.A, r.B]); },
            t => { var r = new F.DotGradients(); return (F.DotBackward(t[0], t[1], r), [r.A, r.B]); }),
        T("Transpose", s => [[s.A, s.B]], t => D.Transpose(t[0]),
            (t, g) => { var r = new D.TransposeGradients(); return (D.TransposeBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.TransposeGradients(); return (F.TransposeBackward(t[0], g!, r), [r.A]); }),
        T("aᵀ·b", s => [[s.B, s.A], [s.B, s.C]], t => D.TransposedLeft(t[0], t[1]),
            (t, g) => { var r = new D.TransposedLeftGradients(); return (D.TransposedLeftBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.TransposedLeftGradients(); return (F.TransposedLeftBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("a·bᵀ", s => [[s.A, s.B], [s.C, s.B]], t => D.TransposedRight(t[0], t[1]),
            (t, g) => { var r = new D.TransposedRightGradients(); return (D.TransposedRightBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.TransposedRightGradients(); return (F.TransposedRightBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("aᵀ·bᵀ", s => [[s.B, s.A], [s.C, s.B]], t => D.TransposedBoth(t[0], t[1]),
            (t, g) => { var r = new D.TransposedBothGradients(); return (D.TransposedBothBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.TransposedBothGradients(); return (F.TransposedBothBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("aᵀ * 2", s => [[s.A, s.B]], t => D.TransposeThenScale(t[0]),
            (t, g) => { var r = new D.TransposeThenScaleGradients(); return (D.TransposeThenScaleBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.TransposeThenScaleGradients(); return (F.TransposeThenScaleBackward(t[0], g!, r), [r.A]); }),

        T("Max(axis: 1)", s => [[s.A, s.B]], t => D.MaxAlongRows(t[0]),
            (t, g) => { var r = new D.MaxAlongRowsGradients(); return (D.MaxAlongRowsBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.MaxAlongRowsGradients(); return (F.MaxAlongRowsBackward(t[0], g!, r), [r.A]); }),
        T("Max(axis: 1, keepDims: true) of [A,B,C]", s => [[s.A, s.B, s.C]], t => D.MaxMiddleKept(t[0]),
            (t, g) => { var r = new D.MaxMiddleKeptGradients(); return (D.MaxMiddleKeptBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.MaxMiddleKeptGradients(); return (F.MaxMiddleKeptBackward(t[0], g!, r), [r.A]); }),
        T("Var(axis: 0), Bessel", s => [[Math.Max(s.A, 2), s.B]], t => D.VarBessel(t[0]),
            (t, g) => { var r = new D.VarBesselGradients(); return (D.VarBesselBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.VarBesselGradients(); return (F.VarBesselBackward(t[0], g!, r), [r.A]); }),
        T("Var(axis: -1, keepDims: true, correction: 0)", s => [[s.A, s.B, s.C]], t => D.VarBiasedLastKept(t[0]),
            (t, g) => { var r = new D.VarBiasedLastKeptGradients(); return (D.VarBiasedLastKeptBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.VarBiasedLastKeptGradients(); return (F.VarBiasedLastKeptBackward(t[0], g!, r), [r.A]); }),
        T("Softmax(axis: 1)", s => [[s.A, s.B]], t => D.Softmax(t[0]),
            (t, g) => { var r = new D.SoftmaxGradients(); return (D.SoftmaxBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SoftmaxGradients(); return (F.SoftmaxBackward(t[0], g!, r), [r.A]); }),
        T("Softmax(axis: 1) of [A,B,C]", s => [[s.A, s.B, s.C]], t => D.SoftmaxMiddle(t[0]),
            (t, g) => { var r = new D.SoftmaxMiddleGradients(); return (D.SoftmaxMiddleBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.SoftmaxMiddleGradients(); return (F.SoftmaxMiddleBackward(t[0], g!, r), [r.A]); }),
        T("LogSoftmax(axis: -1)", s => [[s.A, s.B]], t => D.LogSoftmax(t[0]),
            (t, g) => { var r = new D.LogSoftmaxGradients(); return (D.LogSoftmaxBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.LogSoftmaxGradients(); return (F.LogSoftmaxBackward(t[0], g!, r), [r.A]); }),
        T("LogSumExp(axis: 1)", s => [[s.A, s.B]], t => D.LogSumExp(t[0]),
            (t, g) => { var r = new D.LogSumExpGradients(); return (D.LogSumExpBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.LogSumExpGradients(); return (F.LogSumExpBackward(t[0], g!, r), [r.A]); }),
        T("LogSumExp(axis: 0, keepDims: true)", s => [[s.A, s.B, s.C]], t => D.LogSumExpFirstKept(t[0]),
            (t, g) => { var r = new D.LogSumExpFirstKeptGradients(); return (D.LogSumExpFirstKeptBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.LogSumExpFirstKeptGradients(); return (F.LogSumExpFirstKeptBackward(t[0], g!, r), [r.A]); }),
        T("Embedding, repeated indices", s => [[s.A, s.B]], t => D.Embedding(t[0], TableIndices(t[0])),
            (t, g) => { var r = new D.EmbeddingGradients(); return (D.EmbeddingBackward(t[0], TableIndices(t[0]), g!, r), [r.Table]); },
            (t, g) => { var r = new F.EmbeddingGradients(); return (F.EmbeddingBackward(t[0], TableIndices(t[0]), g!, r), [r.Table]); }),
        T("Pick", s => [[s.A, s.B]], t => D.Pick(t[0], RowIndices(t[0])),
            (t, g) => { var r = new D.PickGradients(); return (D.PickBackward(t[0], RowIndices(t[0]), g!, r), [r.A]); },
            (t, g) => { var r = new F.PickGradients(); return (F.PickBackward(t[0], RowIndices(t[0]), g!, r), [r.A]); }),
        T("Permute(2, 0, 1) of [A,B,C]", s => [[s.A, s.B, s.C]], t => D.PermuteThree(t[0]),
            (t, g) => { var r = new D.PermuteThreeGradients(); return (D.PermuteThreeBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.PermuteThreeGradients(); return (F.PermuteThreeBackward(t[0], g!, r), [r.A]); }),
        T("TensorMath.Permute(exp a, 0, 2, 1) · 2", s => [[s.A, s.B, s.C]], t => D.PermuteStatic(t[0]),
            (t, g) => { var r = new D.PermuteStaticGradients(); return (D.PermuteStaticBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.PermuteStaticGradients(); return (F.PermuteStaticBackward(t[0], g!, r), [r.A]); }),
        T("Transpose(1, 2) of [A,B,C,2]", s => [[s.A, s.B, s.C, 2]], t => D.TransposeMiddle(t[0]),
            (t, g) => { var r = new D.TransposeMiddleGradients(); return (D.TransposeMiddleBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.TransposeMiddleGradients(); return (F.TransposeMiddleBackward(t[0], g!, r), [r.A]); }),
        T("tanh Transpose(-1, 0) of [A,B,C]", s => [[s.A, s.B, s.C]], t => D.TransposeFromEnd(t[0]),
            (t, g) => { var r = new D.TransposeFromEndGradients(); return (D.TransposeFromEndBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.TransposeFromEndGradients(); return (F.TransposeFromEndBackward(t[0], g!, r), [r.A]); }),
        T("(Permute(1, 0, 2) of [A,B,C] · [B,1,C]).Permute(2, 1, 0)", s => [[s.A, s.B, s.C], [s.B, 1, s.C]], t => D.PermuteBroadcast(t[0], t[1]),
            (t, g) => { var r = new D.PermuteBroadcastGradients(); return (D.PermuteBroadcastBackward(t[0], t[1], g!, r), [r.A, r.B]); },
            (t, g) => { var r = new F.PermuteBroadcastGradients(); return (F.PermuteBroadcastBackward(t[0], t[1], g!, r), [r.A, r.B]); }),
        T("Flatten(1)", s => [[s.A, s.B, s.C]], t => D.Flatten(t[0]),
            (t, g) => { var r = new D.FlattenGradients(); return (D.FlattenBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.FlattenGradients(); return (F.FlattenBackward(t[0], g!, r), [r.A]); }),
        T("Reshape(A·B, -1)", s => [[s.A, s.B, s.C]], t => D.Reshape(t[0]),
            (t, g) => { var r = new D.ReshapeGradients(); return (D.ReshapeBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.ReshapeGradients(); return (F.ReshapeBackward(t[0], g!, r), [r.A]); }),
        Scalar("CrossEntropy", s => [[s.A, s.B]], t => D.CrossEntropy(t[0], RowIndices(t[0])),
            t => { var r = new D.CrossEntropyGradients(); return (D.CrossEntropyBackward(t[0], RowIndices(t[0]), r), [r.Logits]); },
            t => { var r = new F.CrossEntropyGradients(); return (F.CrossEntropyBackward(t[0], RowIndices(t[0]), r), [r.Logits]); }),
        Scalar("Mse", s => [[s.A, s.B], [s.A, s.B]], t => D.Mse(t[0], t[1]),
            t => { var r = new D.MseGradients(); return (D.MseBackward(t[0], t[1], r), [r.A, r.B]); },
            t => { var r = new F.MseGradients(); return (F.MseBackward(t[0], t[1], r), [r.A, r.B]); }),
        T("BatchNorm, correction 0", s => [[Math.Max(s.A, 2), s.B], [s.B], [s.B]], t => D.BatchNorm(t[0], t[1], t[2]),
            (t, g) => { var r = new D.BatchNormGradients(); return (D.BatchNormBackward(t[0], t[1], t[2], g!, r), [r.X, r.Gain, r.Bias]); },
            (t, g) => { var r = new F.BatchNormGradients(); return (F.BatchNormBackward(t[0], t[1], t[2], g!, r), [r.X, r.Gain, r.Bias]); }),
        T("BatchNorm, Bessel, [1,B] gain", s => [[Math.Max(s.A, 3), s.B], [1, s.B], [1, s.B]], t => D.BatchNormBessel(t[0], t[1], t[2]),
            (t, g) => { var r = new D.BatchNormBesselGradients(); return (D.BatchNormBesselBackward(t[0], t[1], t[2], g!, r), [r.X, r.Gain, r.Bias]); },
            (t, g) => { var r = new F.BatchNormBesselGradients(); return (F.BatchNormBesselBackward(t[0], t[1], t[2], g!, r), [r.X, r.Gain, r.Bias]); }),
        T("LayerNorm of [A,B,C]", s => [[s.A, s.B, s.C], [s.C], [s.C]], t => D.LayerNorm(t[0], t[1], t[2]),
            (t, g) => { var r = new D.LayerNormGradients(); return (D.LayerNormBackward(t[0], t[1], t[2], g!, r), [r.X, r.Gain, r.Bias]); },
            (t, g) => { var r = new F.LayerNormGradients(); return (F.LayerNormBackward(t[0], t[1], t[2], g!, r), [r.X, r.Gain, r.Bias]); }),

        T("a / a.Lengths[0] + a.Lengths[1]", s => [[s.A, s.B]], t => D.ScaledBySize(t[0]),
            (t, g) => { var r = new D.ScaledBySizeGradients(); return (D.ScaledBySizeBackward(t[0], g!, r), [r.A]); },
            (t, g) => { var r = new F.ScaledBySizeGradients(); return (F.ScaledBySizeBackward(t[0], g!, r), [r.A]); }),
        T("a * (n * c) - n / 2 with int n and [NoDiff] c", s => [[s.A, s.B]], t => D.ScaledByInt(t[0], 5, 0.3),
            (t, g) => { var r = new D.ScaledByIntGradients(); return (D.ScaledByIntBackward(t[0], 5, 0.3, g!, r), [r.A]); },
            (t, g) => { var r = new F.ScaledByIntGradients(); return (F.ScaledByIntBackward(t[0], 5, 0.3f, g!, r), [r.A]); }),
        Scalar("Math functions of scalars", s => [[s.A], [1]], t => D.ScalarFunctions(t[0], S(t[1])),
            t => { var r = new D.ScalarFunctionsGradients(); return (D.ScalarFunctionsBackward(t[0], S(t[1]), r), [r.A, W(r.S)]); },
            t => { var r = new F.ScalarFunctionsGradients(); return (F.ScalarFunctionsBackward(t[0], S(t[1]), r), [r.A, W(r.S)]); },
            v => v / 4),
    };

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in All) data.Add(c.Name);
            return data;
        }
    }

    public static OpCase Find(string name) => All.Single(c => c.Name == name);
}
