namespace AutoDiffGen.Generator.Ir;

/// <summary>What an IR node computes. Each kind has one derivative rule in the rule table.</summary>
internal enum OpKind
{
    // Sources
    Parameter,
    OutputGradient,
    Constant,
    ShapeQuery,
    Invalid,

    // Elementwise, with broadcasting for binary kinds
    Add,
    Subtract,
    Multiply,
    Divide,
    Pow,
    Negate,
    Exp,
    Log,
    Tanh,
    Sigmoid,
    Relu,
    Sqrt,
    Abs,
    Square,
    Sin,
    Cos,
    Convert,

    // Elementwise kinds that only derivative rules create
    Step,
    Sign,
    BroadcastTo,

    // Reductions (a mean is parsed as a sum divided by its count)
    Sum,
    SumTo,

    // Linear algebra and layout
    MatMul,
    Dot,
    Transpose,
    Reshape,
}

internal static class OpKindExtensions
{
    public static bool IsElementwise(this OpKind kind) => kind is >= OpKind.Add and <= OpKind.BroadcastTo;

    public static bool IsReduction(this OpKind kind) => kind is OpKind.Sum or OpKind.SumTo;

    public static bool IsUnaryFunction(this OpKind kind) => kind is >= OpKind.Negate and <= OpKind.Cos || kind is OpKind.Step or OpKind.Sign;
}
