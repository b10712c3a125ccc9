using AutoDiffGen.Generator.Common;

namespace AutoDiffGen.Generator.Ir;

/// <summary>What an op needs besides its inputs. One record for all kinds; each kind reads the fields it uses.</summary>
internal sealed record OpAttributes
{
    public static readonly OpAttributes None = new();

    /// <summary>The value of a <see cref="OpKind.Constant"/>.</summary>
    public double Value { get; init; }

    /// <summary>The parameter index of a <see cref="OpKind.Parameter"/>.</summary>
    public int Index { get; init; }

    /// <summary>An <c>int</c> <see cref="OpKind.Parameter"/> that is a size of the shapes (declared <c>[Shape("H")]</c>, or a loop body's copy of one): that size.</summary>
    public Dim? Size { get; init; }

    /// <summary>The axis of a reduction, an axis op or a <see cref="OpKind.ShapeQuery"/>; null reduces every axis. For a flatten, its start axis.</summary>
    public int? Axis { get; init; }

    /// <summary>As parsed, which view a <see cref="OpKind.Reshape"/> is when it has no lengths; after shape inference it is a reshape to <see cref="Target"/>.</summary>
    public ViewForm View { get; init; }

    /// <summary>Where a <see cref="OpKind.Narrow"/> or <see cref="OpKind.NarrowBackward"/> run starts along its axis.</summary>
    public Dim? Start { get; init; }

    /// <summary>For a <see cref="OpKind.Narrow"/> that is a part of <c>x.Chunk(chunks, axis)</c>, as parsed: how many equal parts.</summary>
    public int Chunks { get; init; }

    /// <summary>Which part of its Chunk a <see cref="OpKind.Narrow"/> is, counting from 0.</summary>
    public int ChunkIndex { get; init; }

    /// <summary>The number of positions in a <see cref="OpKind.Narrow"/> or <see cref="OpKind.NarrowBackward"/> run.</summary>
    public Dim? Length { get; init; }

    /// <summary>A softmax with attention's causal mask: row i of each square matrix sees its first i + 1 entries.</summary>
    public bool Causal { get; init; }

    /// <summary>What an <see cref="OpKind.Attention"/> multiplies its scores by; null for 1/√d.</summary>
    public double? Scale { get; init; }

    /// <summary>A <see cref="OpKind.Where"/> written as <c>x.MaskedFill(mask, value)</c>: the result keeps x's shape, so the mask must broadcast to it.</summary>
    public bool FillsInto { get; init; }

    /// <summary>Whether a reduction keeps its reduced axis with length 1.</summary>
    public bool KeepDims { get; init; }

    /// <summary>What a <see cref="OpKind.ShapeQuery"/> asks: a length, the element count or the rank.</summary>
    public ShapeQueryKind Query { get; init; }

    /// <summary>Read the first or second MatMul operand transposed.</summary>
    public bool TransposeA { get; init; }

    /// <summary>Read the second MatMul operand transposed.</summary>
    public bool TransposeB { get; init; }

    /// <summary>
    /// A <see cref="OpKind.Permute"/>'s axis order: result axis i is input axis Axes[i]. As parsed, the axes as written
    /// (two for <c>Transpose(axis0, axis1)</c>, with <see cref="SwapAxes"/> set); after shape inference, the full
    /// permutation with every axis counted from the front.
    /// </summary>
    public EquatableArray<int> Axes { get; init; } = EquatableArray<int>.Empty;

    /// <summary>The parsed <see cref="Axes"/> are two axes to swap rather than a whole order.</summary>
    public bool SwapAxes { get; init; }

    /// <summary>The shape a <see cref="OpKind.SumTo"/>, <see cref="OpKind.BroadcastTo"/> or <see cref="OpKind.Reshape"/> produces.</summary>
    public Shape? Target { get; init; }

    /// <summary>A normalization's epsilon.</summary>
    public double Epsilon { get; init; }

    /// <summary>A variance's correction: 0 for the biased (population) variance, 1 for Bessel's.</summary>
    public int Correction { get; init; }

    /// <summary>For <see cref="OpKind.KernelOutput"/>: which extra result of its kernel (1, 2, …).</summary>
    public int Slot { get; init; }

    /// <summary>
    /// When the op binds to System.Numerics.Tensors' own implementation, whose broadcasting is wrong: "operator" or
    /// the method, e.g. "Tensor.Add". Empty otherwise.
    /// </summary>
    public string InBox { get; init; } = string.Empty;

    /// <summary>
    /// For an elementwise op that stands for a call needing both operands in one shape (<c>a.Mse(b)</c> is a − b): the
    /// call's name; empty where the operands broadcast.
    /// </summary>
    public string SameShapeFor { get; init; } = string.Empty;

    /// <summary>A <see cref="OpKind.Loop"/> or <see cref="OpKind.LoopBackward"/>: the loop's body and how its operands enter it.</summary>
    public LoopIr? Loop { get; init; }

    /// <summary>The node came from a compound assignment (<c>h += b</c>), which keeps the left operand's shape.</summary>
    public bool InPlace { get; init; }
}

/// <summary>The views parsed as a <see cref="OpKind.Reshape"/> whose target the shape stage works out.</summary>
internal enum ViewForm
{
    /// <summary><c>x.Reshape(lengths…)</c>, or <c>x.Flatten(startAxis)</c> when there are no lengths.</summary>
    Lengths,

    /// <summary><c>x.Unsqueeze(axis)</c>: a new axis of length 1 at <c>axis</c> of the result.</summary>
    Unsqueeze,

    /// <summary><c>x.Squeeze(axis)</c>: the axis, of length 1, removed.</summary>
    Squeeze,
}

/// <summary>What a <see cref="OpKind.ShapeQuery"/> asks of a tensor's shape.</summary>
internal enum ShapeQueryKind
{
    /// <summary><c>x.Lengths[i]</c> as written: i must be a valid index.</summary>
    Length,

    /// <summary><c>x.FlattenedLength</c>.</summary>
    FlattenedLength,

    /// <summary><c>x.Rank</c>.</summary>
    Rank,

    /// <summary>The length of a reduction's axis (counted from the end when negative), for a mean's count.</summary>
    AxisLength,
}
