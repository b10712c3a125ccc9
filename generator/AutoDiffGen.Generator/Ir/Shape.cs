using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;

namespace AutoDiffGen.Generator.Ir;

/// <summary>A symbolic shape, outermost dimension first; rank 0 is a scalar.</summary>
internal sealed record Shape(EquatableArray<Dim> Dims)
{
    public static readonly Shape Scalar = new(EquatableArray<Dim>.Empty);

    public static Shape Of(IEnumerable<Dim> dims) => new(dims.ToEquatableArray());

    public int Rank => Dims.Count;

    public Dim this[int axis] => Dims[axis];

    /// <summary>The number of elements, as one symbolic product.</summary>
    public Dim Count => Dims.Aggregate(Dim.One, (product, dim) => product.Times(dim));

    /// <summary>The product of every axis but the last: the rows of the tensor read as a matrix of its last axis.</summary>
    public Dim Rows => Dims.Take(Rank - 1).Aggregate(Dim.One, (product, dim) => product.Times(dim));

    public override string ToString() => "[" + string.Join(", ", Dims) + "]";
}
