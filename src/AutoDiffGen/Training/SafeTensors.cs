using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

/// <summary>
/// Saves and loads a model's tensors in the safetensors format that PyTorch and Hugging Face use: an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then the raw
/// little-endian data. Files written here load in <c>safetensors.torch.load_file</c>, and theirs load here.
/// </summary>
public static class SafeTensors
{
    private const int MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (float, double or int) to <paramref name="path"/>, replacing the file only once it is complete.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved, or a tensor's element type has no safetensors dtype here.</exception>
    public static void Save(string path, params (string Name, object Tensor)[] tensors) => Save(path, null, tensors);

    /// <summary>Writes <paramref name="tensors"/> with string <paramref name="metadata"/> in the header's <c>__metadata__</c>.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved, or a tensor's element type has no safetensors dtype here.</exception>
    public static void Save(string path, IReadOnlyDictionary<string, string>? metadata, params (string Name, object Tensor)[] tensors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = tensors.Select(t => Entry.Of(t.Name, t.Tensor)).Select(e => (Entry: e, Bytes: e.Bytes())).ToList();
        if (entries.Select(e => e.Entry.Name).Distinct().Count() != entries.Count) throw new ArgumentException("Each tensor must have its own name.", nameof(tensors));

        byte[] json = Header(metadata, entries);
        // The data starts on an 8-byte boundary: the header is padded with spaces, as the format allows.
        int padded = (json.Length + 7) / 8 * 8;

        string temporary = path + ".partial";
        using (var file = File.Create(temporary))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            file.Write(length);
            file.Write(json);
            for (int i = json.Length; i < padded; i++) file.WriteByte((byte)' ');
            foreach (var (_, bytes) in entries) file.Write(bytes);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The JSON header: the metadata, then each tensor's dtype, shape and byte range, in order.</summary>
    private static byte[] Header(IReadOnlyDictionary<string, string>? metadata, IReadOnlyList<(Entry Entry, byte[] Bytes)> entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var (entry, bytes) in entries)
            {
                writer.WriteStartObject(entry.Name);
                writer.WriteString("dtype", entry.Dtype);
                writer.WriteStartArray("shape");
                foreach (long length in entry.Shape) writer.WriteNumberValue(length);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + bytes.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += bytes.Length;
            }
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Reads the named tensors of <paramref name="path"/> into <paramref name="targets"/>. Everything is checked first
    /// — the file's structure, each tensor's presence, dtype, shape and byte range — and only then is anything copied,
    /// so a bad file leaves every target as it was.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is truncated or malformed, or lacks a tensor, or one has another dtype or shape; the message names it.</exception>
    public static void Load(string path, params (string Name, object Into)[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var file = Read(path);
        var copies = new List<Action>();
        foreach (var (name, into) in targets)
        {
            var target = Entry.Of(name, into);
            if (!target.Dense) throw new ArgumentException($"'{name}' is not a dense tensor: load into a dense one.", nameof(targets));
            if (!file.Tensors.TryGetValue(name, out var stored))
                throw new InvalidDataException($"'{path}' has no tensor '{name}' (it has {string.Join(", ", file.Tensors.Keys.Select(k => $"'{k}'"))}).");
            if (stored.Dtype != target.Dtype)
                throw new InvalidDataException($"'{name}' in '{path}' is {stored.Dtype}, but the tensor to load it into holds {target.Dtype}.");
            if (!stored.Shape.SequenceEqual(target.Shape))
                throw new InvalidDataException($"'{name}' in '{path}' has shape [{string.Join(", ", stored.Shape)}], but the tensor to load it into is [{string.Join(", ", target.Shape)}].");
            var bytes = file.Data.AsMemory((int)stored.Begin, (int)(stored.End - stored.Begin));
            copies.Add(() => target.CopyFrom(bytes.Span));
        }
        foreach (var copy in copies) copy();
    }

    /// <summary>The names, dtypes and shapes of the tensors in <paramref name="path"/>, in file order.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or malformed.</exception>
    public static IReadOnlyList<(string Name, string Dtype, long[] Shape)> Describe(string path)
        => Read(path).Tensors.Values.OrderBy(t => t.Begin).Select(t => (t.Name, t.Dtype, t.Shape)).ToList();

    private sealed record Stored(string Name, string Dtype, long[] Shape, long Begin, long End);

    private sealed record Contents(Dictionary<string, Stored> Tensors, byte[] Data);

    private static Contents Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidDataException($"'{path}' is {bytes.Length} bytes long: too short for a safetensors header length.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
            throw new InvalidDataException($"'{path}' declares a {headerLength}-byte header but has {bytes.Length - 8} bytes after the length: truncated or not a safetensors file.");

        var tensors = new Dictionary<string, Stored>();
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{path}' has a header that is not valid JSON: {exception.Message}", exception);
        }
        byte[] data = bytes.AsSpan(8 + (int)headerLength).ToArray();
        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"'{path}' has a header that is not a JSON object.");
            foreach (var property in header.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__") continue;
                tensors[property.Name] = Parse(path, property, data.LongLength);
            }
        }
        return new Contents(tensors, data);
    }

    private static Stored Parse(string path, JsonProperty property, long dataLength)
    {
        string name = property.Name;
        InvalidDataException Bad(string what) => new($"'{name}' in '{path}': {what}.");
        try
        {
            var value = property.Value;
            string dtype = value.GetProperty("dtype").GetString() ?? throw Bad("its dtype is not a string");
            long[] shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            long[] offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Any(d => d < 0)) throw Bad("its shape has a negative dimension");
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) throw Bad("its data_offsets are not a [begin, end] range");
            if (offsets[1] > dataLength) throw Bad($"its data ends at byte {offsets[1]} but the file has {dataLength} bytes of data (truncated)");
            int size = Entry.SizeOf(dtype);
            long count = shape.Aggregate(1L, (a, b) => checked(a * b));
            if (size > 0 && offsets[1] - offsets[0] != count * size)
                throw Bad($"{offsets[1] - offsets[0]} bytes of data for {count} elements of {dtype}");
            return new Stored(name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"'{name}' in '{path}' has a malformed header entry: {exception.Message}", exception);
        }
    }

    /// <summary>One tensor on the way in or out: its dtype, shape, and how to get (only when saving) or set its bytes.</summary>
    private sealed record Entry(string Name, string Dtype, long[] Shape, Func<byte[]> Bytes, bool Dense, Action<ReadOnlySpan<byte>> CopyFrom)
    {
        public static int SizeOf(string dtype) => dtype switch { "F32" or "I32" => 4, "F64" or "I64" => 8, "F16" or "BF16" or "I16" => 2, "U8" or "I8" or "BOOL" => 1, _ => 0 };

        public static Entry Of(string name, object tensor)
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__") throw new ArgumentException($"'{name}' is not a tensor name safetensors allows.", nameof(name));
            return tensor switch
            {
                Tensor<float> t => Make(name, "F32", t),
                Tensor<double> t => Make(name, "F64", t),
                Tensor<int> t => Make(name, "I32", t),
                _ => throw new ArgumentException($"'{name}' is a {tensor?.GetType().Name ?? "null"}; safetensors tensors here are Tensor<float>, Tensor<double> or Tensor<int>.", nameof(tensor)),
            };
        }

        private static Entry Make<T>(string name, string dtype, Tensor<T> tensor)
            where T : unmanaged
        {
            byte[] Bytes()
            {
                T[]? copy = null;
                return MemoryMarshal.AsBytes(ReadElements(tensor, ref copy)).ToArray();
            }
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors data is little-endian; this machine is not.");
            return new Entry(name, dtype, tensor.Lengths.ToArray().Select(l => (long)l).ToArray(), Bytes, tensor.IsDense,
                source => source.CopyTo(MemoryMarshal.AsBytes(Writable(tensor, name))));
        }

        private static ReadOnlySpan<T> ReadElements<T>(Tensor<T> tensor, ref T[]? copy) where T : unmanaged => TensorData.Read(tensor, ref copy);

        private static Span<T> Writable<T>(Tensor<T> tensor, string name) where T : unmanaged => TensorData.Write(tensor, name);
    }
}
