using System;
using System.Text;

namespace AutoDiffGen.Generator.Emit;

/// <summary>An indenting text writer for generated C#, in the style of System.Text.Json's generator.</summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine() => _text.Append('\n');

    public void WriteLine(string line)
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return;
        }
        _text.Append(' ', _indent * IndentSize).Append(line).Append('\n');
    }

    /// <summary>Writes a multi-line block, each line at the current indentation.</summary>
    public void WriteLines(string block)
    {
        foreach (string line in block.Replace("\r\n", "\n").Split('\n')) WriteLine(line);
    }

    public void OpenBlock(string? header = null)
    {
        if (header is not null) WriteLine(header);
        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public IDisposable Block(string header)
    {
        OpenBlock(header);
        return new Closer(this);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly SourceWriter _writer;

        public Closer(SourceWriter writer) => _writer = writer;

        public void Dispose() => _writer.CloseBlock();
    }
}
