using System.Runtime.CompilerServices;

namespace AutoDiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Pins generated code as files: <c>Snapshots/{Class}.{Test}#{HintName}.verified.cs</c> next to the test. A mismatch
/// writes <c>.received.cs</c> beside it and fails; set <c>AUTODIFFGEN_ACCEPT=1</c> to accept the received text.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string hintName, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        string stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(testFile)}.{test}#{Path.GetFileNameWithoutExtension(hintName)}");
        string verified = stem + ".verified.cs";
        string received = stem + ".received.cs";
        actual = Normalize(actual);

        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        if (Environment.GetEnvironmentVariable("AUTODIFFGEN_ACCEPT") == "1")
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        string reason = File.Exists(verified) ? "differs from" : "has no";
        Assert.Fail($"Generated {hintName} {reason} its verified snapshot. Compare {received} with {verified}; " +
            "run the tests with AUTODIFFGEN_ACCEPT=1 to accept it.\n" + FirstDifference(File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : "", actual));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? a[i] : "<end>";
            string right = i < b.Length ? b[i] : "<end>";
            if (left != right) return $"First difference at line {i + 1}:\n  verified: {left}\n  received: {right}";
        }
        return string.Empty;
    }
}
