using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Text;
using AutoDiffGen.Tests.Gradients;

namespace AutoDiffGen.Tests.Training;

/// <summary>Checkpoints in the safetensors format: bit-exact round trips, files written by the format's rules, and bad files rejected whole.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("safetensors").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void RoundTripIsBitExact()
    {
        var random = new Random(9);
        var w = TestTensors.ToSingle(TestTensors.Random(random, [3, 4], v => v));
        w[0, 0] = float.NaN;
        w[0, 1] = -0f;
        w[0, 2] = float.Epsilon;
        var b = TestTensors.Random(random, [5], v => v);
        var indices = Tensor.Create(new[] { 3, -1, int.MaxValue }, [3]);
        string path = PathOf("model.safetensors");
        SafeTensors.Save(path, new Dictionary<string, string> { ["format"] = "pt" }, ("w", w), ("b", b), ("indices", indices));

        var w2 = Tensor.Create(new float[12], [3, 4]);
        var b2 = Tensor.Create(new double[5], [5]);
        var indices2 = Tensor.Create(new int[3], [3]);
        SafeTensors.Load(path, ("b", b2), ("w", w2), ("indices", indices2));

        Assert.Equal(w.ToArray().Select(BitConverter.SingleToInt32Bits), w2.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(b.ToArray().Select(BitConverter.DoubleToInt64Bits), b2.ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(indices.ToArray(), indices2.ToArray());
        Assert.Equal([("w", "F32", new long[] { 3, 4 }), ("b", "F64", new long[] { 5 }), ("indices", "I32", new long[] { 3 })],
            SafeTensors.Describe(path).Select(t => (t.Name, t.Dtype, t.Shape)).ToArray(), new DescriptionComparer());
        Assert.False(System.IO.File.Exists(path + ".partial"));
    }

    [Fact]
    public void AFileWrittenByTheFormatsRulesIsRead()
    {
        // 8-byte little-endian header length, JSON header (tensors in any order, data_offsets relative to the data), raw data.
        string header = """{"__metadata__":{"format":"pt"},"bias":{"dtype":"F32","shape":[2],"data_offsets":[16,24]},"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""";
        var data = new[] { 1f, 2f, 3f, 4f, -0.5f, 0.25f };
        string path = PathOf("written.safetensors");
        System.IO.File.WriteAllBytes(path, FileBytes(header, data.SelectMany(BitConverter.GetBytes).ToArray()));

        var weight = Tensor.Create(new float[4], [2, 2]);
        var bias = Tensor.Create(new float[2], [2]);
        SafeTensors.Load(path, ("weight", weight), ("bias", bias));
        Assert.Equal([1f, 2f, 3f, 4f], weight.ToArray());
        Assert.Equal([-0.5f, 0.25f], bias.ToArray());
    }

    [Fact]
    public void WhatThisLibraryWritesFollowsTheFormat()
    {
        string path = PathOf("check.safetensors");
        SafeTensors.Save(path, ("x", Tensor.Create(new[] { 1.5f, -2f }, [1, 2])));
        byte[] bytes = System.IO.File.ReadAllBytes(path);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, length % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)length).TrimEnd(' ');
        Assert.Equal("""{"x":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}""", header);
        Assert.Equal(BitConverter.GetBytes(1.5f).Concat(BitConverter.GetBytes(-2f)), bytes.Skip(8 + (int)length));
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "truncated data", "has 8 bytes of data (truncated)" },
        { "short header", "declares a 200-byte header but has" },
        { "tiny", "too short for a safetensors header length" },
        { "not json", "is not valid JSON" },
        { "wrong dtype", "is F64, but the tensor to load it into holds F32" },
        { "wrong shape", "has shape [2, 2], but the tensor to load it into is [4]" },
        { "missing", "has no tensor 'weight'" },
        { "bad offsets", "data_offsets are not a [begin, end] range" },
        { "size mismatch", "12 bytes of data for 4 elements of F32" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFilesAreRejectedWithTheReasonAndNothingIsLoaded(string kind, string message)
    {
        byte[] sixteen = new byte[16];
        byte[] bytes = kind switch
        {
            "truncated data" => FileBytes("""{"weight":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", new byte[8]),
            "short header" => BitConverter.GetBytes(200UL).Concat(new byte[20]).ToArray(),
            "tiny" => new byte[5],
            "not json" => FileBytes("{\"weight\": [", sixteen),
            "wrong dtype" => FileBytes("""{"weight":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}""", sixteen),
            "wrong shape" => FileBytes("""{"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""", sixteen),
            "missing" => FileBytes("""{"other":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", sixteen),
            "bad offsets" => FileBytes("""{"weight":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}""", sixteen),
            _ => FileBytes("""{"weight":{"dtype":"F32","shape":[4],"data_offsets":[0,12]}}""", sixteen),
        };
        string path = PathOf(kind.Replace(' ', '-') + ".safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        var bias = Tensor.Create(new[] { 7f, 7f }, [2]);
        var weight = Tensor.Create(new[] { 9f, 9f, 9f, 9f }, [4]);
        // A good tensor first: it must not be loaded when a later one is bad.
        string good = PathOf("good.safetensors");
        SafeTensors.Save(good, ("bias", Tensor.Create(new[] { 1f, 2f }, [2])));

        var failure = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path, ("weight", weight)));
        Assert.Contains(message, failure.Message);
        Assert.Equal([9f, 9f, 9f, 9f], weight.ToArray());
        Assert.Throws<InvalidDataException>(() => SafeTensors.Load(good, ("bias", bias), ("weight", weight)));
        Assert.Equal([7f, 7f], bias.ToArray());
    }

    private static byte[] FileBytes(string header, byte[] data)
        => BitConverter.GetBytes((ulong)Encoding.UTF8.GetByteCount(header)).Concat(Encoding.UTF8.GetBytes(header)).Concat(data).ToArray();

    private sealed class DescriptionComparer : IEqualityComparer<(string, string, long[])>
    {
        public bool Equals((string, string, long[]) x, (string, string, long[]) y) => x.Item1 == y.Item1 && x.Item2 == y.Item2 && x.Item3.SequenceEqual(y.Item3);

        public int GetHashCode((string, string, long[]) obj) => obj.Item1.GetHashCode();
    }
}
