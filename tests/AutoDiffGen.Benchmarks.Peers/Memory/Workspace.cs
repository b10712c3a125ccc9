using System.Reflection;

namespace AutoDiffGen.Benchmarks.Peers.Memory;

/// <summary>
/// The bytes a generated gradients object holds. The generated class has no public member for its workspace size, so
/// the benchmark reads its private array fields by reflection (here only, to report the figure): every forward value
/// the backward pass reads, every adjoint, the gradients (whose tensors wrap workspace arrays) and the result of a
/// tensor-valued method. An array two fields share is counted once; copies of non-dense arguments are null here.
/// </summary>
public static class Workspace
{
    public static long Bytes(object gradients)
    {
        var arrays = new HashSet<Array>(ReferenceEqualityComparer.Instance);
        foreach (var field in gradients.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic))
        {
            if (field.FieldType.IsArray && field.GetValue(gradients) is Array array) arrays.Add(array);
        }
        return arrays.Sum(a => (long)Buffer.ByteLength(a));
    }
}
