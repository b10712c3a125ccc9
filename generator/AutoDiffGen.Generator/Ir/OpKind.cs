namespace AutoDiffGen.Generator.Ir;

/// <summary>What an IR node computes. Each kind the user can write has one derivative rule in the rule table.</summary>
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
    Maximum,
    Minimum,
    /// <summary>GELU by its tanh approximation, as GPT-2 uses it.</summary>
    Gelu,
    /// <summary>GELU by the normal distribution's Φ, x·Φ(x) with erf: <c>x.Gelu(exact: true)</c>.</summary>
    GeluExact,
    /// <summary>SiLU (swish), x·σ(x).</summary>
    Silu,

    // Selections: Where(condition, a, b) takes a where the condition is not 0; Clamp(x, lower, upper) with scalar
    // bounds. Comparisons give 1 or 0 and are piecewise constant: no gradient flows through them.
    Where,
    Clamp,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,

    // Elementwise kinds that only derivative rules create
    Step,
    Sign,
    GeluGradient,
    GeluExactGradient,
    SiluGradient,
    BroadcastTo,

    // Reductions (a mean is parsed as a sum divided by its count; a variance and a mean squared error likewise)
    Sum,
    SumTo,

    // Linear algebra and layout
    MatMul,
    Dot,
    Transpose,
    Permute,
    Reshape,
    /// <summary><c>x.Narrow(axis, start, length)</c>: a run of positions along an axis, copied out.</summary>
    Narrow,
    /// <summary><c>TensorMath.Concat(axis, a, b, …)</c>: tensors joined along an axis.</summary>
    Concat,

    // Control flow
    /// <summary>
    /// A <c>for</c> loop over layers (<see cref="OpAttributes.Loop"/>): the carried tensor after the last iteration. Its
    /// inputs are the loop's operands (the carried tensor's start, stacked and shared values), then the trip count.
    /// </summary>
    Loop,

    // Neural-network ops, computed by runtime kernels along an axis or over rows
    Max,
    Softmax,
    LogSoftmax,
    LogSumExp,
    Embedding,
    Pick,
    CrossEntropy,
    BatchNorm,
    LayerNorm,
    /// <summary><c>TensorMath.ScaledDotProductAttention(q, k, v, causal, scale)</c>: softmax(scale · q·kᵀ)·v over the last two axes.</summary>
    Attention,

    // Kernels that only derivative rules create
    MaxBackward,
    EmbeddingBackward,
    PickBackward,
    CrossEntropyBackward,
    BatchNormBackward,
    LayerNormBackward,
    /// <summary>Attention's adjoints from the weights recomputed out of the saved log Σ exp: dq, and dk, dv as slots 1 and 2.</summary>
    AttentionBackward,
    /// <summary>The adjoint of a narrow: G written into its run of positions, every other position 0.</summary>
    NarrowBackward,
    /// <summary>
    /// A loop's adjoints, its iterations run in reverse: inputs G, the loop and its operands; the value is the carried
    /// tensor's start's adjoint, and slot i that of operand i (a stacked value's per layer, a shared value's summed).
    /// </summary>
    LoopBackward,

    /// <summary>An extra result of a kernel node (its input 0), written by the same kernel call: slot 1, 2, ….</summary>
    KernelOutput,
}
