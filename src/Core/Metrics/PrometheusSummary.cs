using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace VeloZ.Metrics;

/// <summary>
/// Writes a <see cref="Histogram"/> as a Prometheus summary in the text exposition format: a TYPE line,
/// the 0.5, 0.9, 0.99 and 0.999 quantiles, <c>_sum</c> and <c>_count</c>. An empty histogram gives NaN
/// quantiles, as Prometheus client libraries do. Nothing is allocated beyond what the writer itself does.
/// </summary>
public static class PrometheusSummary
{
    // The quantile label values and the percentiles they mean, in the order they are written.
    private static readonly string[] s_quantileLabels = { "0.5", "0.9", "0.99", "0.999" };
    private static readonly double[] s_percentiles = { 50.0, 90.0, 99.0, 99.9 };

    /// <summary>
    /// Appends the summary of <paramref name="histogram"/> to <paramref name="writer"/>, under the metric
    /// <paramref name="name"/> (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>) with the given <paramref name="labels"/>
    /// (names <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, not <c>quantile</c>, not starting with <c>__</c>; values are escaped).
    /// </summary>
    /// <exception cref="ArgumentException">A name or label name is not valid Prometheus; nothing is written.</exception>
    public static void WritePrometheus(this Histogram histogram, TextWriter writer, string name,
        ReadOnlySpan<KeyValuePair<string, string>> labels = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sink = new TextWriterSink(writer);
        Write(histogram, ref sink, name, labels);
    }

    /// <summary>As <see cref="WritePrometheus(Histogram, TextWriter, string, ReadOnlySpan{KeyValuePair{string, string}})"/>, as UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException">A name or label name is not valid Prometheus; nothing is written.</exception>
    public static void WritePrometheus(this Histogram histogram, IBufferWriter<byte> writer, string name,
        ReadOnlySpan<KeyValuePair<string, string>> labels = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sink = new Utf8Sink(writer);
        Write(histogram, ref sink, name, labels);
    }

    private static void Write<TSink>(Histogram histogram, ref TSink sink, string name, ReadOnlySpan<KeyValuePair<string, string>> labels)
        where TSink : struct, ISink
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentNullException.ThrowIfNull(name);
        if (!IsMetricName(name))
            throw new ArgumentException($"'{name}' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)", nameof(name));
        foreach (KeyValuePair<string, string> label in labels)
        {
            if (label.Key is null || !IsLabelName(label.Key) || label.Key.StartsWith("__", StringComparison.Ordinal) || label.Key == "quantile")
                throw new ArgumentException($"'{label.Key}' is not a usable label name ([a-zA-Z_][a-zA-Z0-9_]*, not 'quantile', not starting with '__')", nameof(labels));
        }

        sink.Write("# TYPE ");
        sink.Write(name);
        sink.Write(" summary\n");
        bool empty = histogram.Count == 0;
        for (int i = 0; i < s_percentiles.Length; i++)
        {
            sink.Write(name);
            WriteLabels(ref sink, labels, s_quantileLabels[i]);
            sink.Write(" ");
            if (empty)
                sink.Write("NaN");
            else
                sink.Write(histogram.ValueAtPercentile(s_percentiles[i]));
            sink.Write("\n");
        }
        sink.Write(name);
        sink.Write("_sum");
        WriteLabels(ref sink, labels, null);
        sink.Write(" ");
        sink.Write(histogram.Sum);
        sink.Write("\n");
        sink.Write(name);
        sink.Write("_count");
        WriteLabels(ref sink, labels, null);
        sink.Write(" ");
        sink.Write((Int128)histogram.Count);
        sink.Write("\n");
    }

    private static void WriteLabels<TSink>(ref TSink sink, ReadOnlySpan<KeyValuePair<string, string>> labels, string? quantile)
        where TSink : struct, ISink
    {
        if (labels.IsEmpty && quantile is null)
            return;
        sink.Write("{");
        bool first = true;
        foreach (KeyValuePair<string, string> label in labels)
        {
            if (!first)
                sink.Write(",");
            first = false;
            sink.Write(label.Key);
            sink.Write("=\"");
            WriteEscaped(ref sink, label.Value ?? string.Empty);
            sink.Write("\"");
        }
        if (quantile is not null)
        {
            if (!first)
                sink.Write(",");
            sink.Write("quantile=\"");
            sink.Write(quantile);
            sink.Write("\"");
        }
        sink.Write("}");
    }

    // Label values escape backslash, double quote and line feed (the exposition format's three).
    private static void WriteEscaped<TSink>(ref TSink sink, string value) where TSink : struct, ISink
    {
        ReadOnlySpan<char> rest = value;
        while (true)
        {
            int special = rest.IndexOfAny('\\', '"', '\n');
            if (special < 0)
            {
                sink.Write(rest);
                return;
            }
            sink.Write(rest[..special]);
            sink.Write(rest[special] switch { '\\' => "\\\\", '"' => "\\\"", _ => "\\n" });
            rest = rest[(special + 1)..];
        }
    }

    private static bool IsMetricName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':'))
                return false;
        }
        return true;
    }

    private static bool IsLabelName(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        }
        return true;
    }

    // Where the text goes; a struct constraint keeps the calls direct (no boxing, no virtual dispatch).
    private interface ISink
    {
        void Write(ReadOnlySpan<char> text);
        void Write(long value);
        void Write(Int128 value);
    }

    private readonly struct TextWriterSink : ISink
    {
        private readonly TextWriter _writer;

        public TextWriterSink(TextWriter writer) => _writer = writer;

        public void Write(ReadOnlySpan<char> text) => _writer.Write(text);

        public void Write(long value)
        {
            Span<char> digits = stackalloc char[20];
            value.TryFormat(digits, out int length, default, System.Globalization.CultureInfo.InvariantCulture);
            _writer.Write(digits[..length]);
        }

        public void Write(Int128 value)
        {
            Span<char> digits = stackalloc char[40];
            value.TryFormat(digits, out int length, default, System.Globalization.CultureInfo.InvariantCulture);
            _writer.Write(digits[..length]);
        }
    }

    private readonly struct Utf8Sink : ISink
    {
        private readonly IBufferWriter<byte> _writer;

        public Utf8Sink(IBufferWriter<byte> writer) => _writer = writer;

        public void Write(ReadOnlySpan<char> text)
        {
            Span<byte> destination = _writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            _writer.Advance(Encoding.UTF8.GetBytes(text, destination));
        }

        public void Write(long value)
        {
            Span<byte> destination = _writer.GetSpan(20);
            value.TryFormat(destination, out int length, default, System.Globalization.CultureInfo.InvariantCulture);
            _writer.Advance(length);
        }

        public void Write(Int128 value)
        {
            Span<byte> destination = _writer.GetSpan(40);
            value.TryFormat(destination, out int length, default, System.Globalization.CultureInfo.InvariantCulture);
            _writer.Advance(length);
        }
    }
}
