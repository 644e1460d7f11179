using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using NUnit.Framework;
using VeloZ.Metrics;

namespace VeloZ.Tests.Metrics;

[TestFixture]
public sealed class PrometheusSummaryTests
{
    private static Histogram OneToThousand()
    {
        var histogram = new Histogram();
        for (long value = 1; value <= 1000; value++)
            histogram.Record(value);
        return histogram;
    }

    [Test]
    public void Summary_lists_four_quantiles_then_sum_and_count()
    {
        var text = new StringWriter();
        OneToThousand().WritePrometheus(text, "order_rtt_ns");
        Assert.That(text.ToString(), Is.EqualTo(
            "# TYPE order_rtt_ns summary\n" +
            "order_rtt_ns{quantile=\"0.5\"} 500\n" +
            "order_rtt_ns{quantile=\"0.9\"} 900\n" +
            "order_rtt_ns{quantile=\"0.99\"} 990\n" +
            "order_rtt_ns{quantile=\"0.999\"} 999\n" +
            "order_rtt_ns_sum 500500\n" +
            "order_rtt_ns_count 1000\n"));
    }

    [Test]
    public void Labels_come_first_and_their_values_are_escaped()
    {
        var histogram = new Histogram();
        histogram.Record(7);
        var text = new StringWriter();
        histogram.WritePrometheus(text, "rtt", new[]
        {
            new KeyValuePair<string, string>("venue", "XNAS"),
            new KeyValuePair<string, string>("note", "a\\b\"c\nd"),
        });
        string[] lines = text.ToString().Split('\n');
        Assert.That(lines[1], Is.EqualTo("rtt{venue=\"XNAS\",note=\"a\\\\b\\\"c\\nd\",quantile=\"0.5\"} 7"));
        Assert.That(lines[5], Is.EqualTo("rtt_sum{venue=\"XNAS\",note=\"a\\\\b\\\"c\\nd\"} 7"));
        Assert.That(lines[6], Is.EqualTo("rtt_count{venue=\"XNAS\",note=\"a\\\\b\\\"c\\nd\"} 1"));
    }

    [Test]
    public void Empty_histogram_has_nan_quantiles_and_zero_sum_and_count()
    {
        var text = new StringWriter();
        new Histogram().WritePrometheus(text, "idle");
        Assert.That(text.ToString(), Does.Contain("idle{quantile=\"0.99\"} NaN\n"));
        Assert.That(text.ToString(), Does.EndWith("idle_sum 0\nidle_count 0\n"));
    }

    [TestCase("")]
    [TestCase("9lives")]
    [TestCase("with-dash")]
    [TestCase("spa ce")]
    public void Invalid_metric_names_are_rejected_and_nothing_is_written(string name)
    {
        var text = new StringWriter();
        Assert.That(() => OneToThousand().WritePrometheus(text, name), Throws.ArgumentException);
        Assert.That(text.ToString(), Is.Empty);
    }

    [TestCase("quantile")]
    [TestCase("__reserved")]
    [TestCase("bad-name")]
    [TestCase("")]
    public void Invalid_label_names_are_rejected_and_nothing_is_written(string label)
    {
        var text = new StringWriter();
        Assert.That(() => OneToThousand().WritePrometheus(text, "ok", new[] { new KeyValuePair<string, string>(label, "v") }), Throws.ArgumentException);
        Assert.That(text.ToString(), Is.Empty);
    }

    [Test]
    public void Utf8_output_equals_the_text_output()
    {
        var histogram = OneToThousand();
        histogram.RecordN(5_000_000_000, 3);
        var labels = new[] { new KeyValuePair<string, string>("desk", "émerging \"mkts\"") };
        var text = new StringWriter();
        histogram.WritePrometheus(text, "veloz:latency_ns", labels);
        var bytes = new ArrayBufferWriter<byte>();
        histogram.WritePrometheus(bytes, "veloz:latency_ns", labels);
        Assert.That(Encoding.UTF8.GetString(bytes.WrittenSpan), Is.EqualTo(text.ToString()));
    }

    [Test]
    public void Utf8_output_allocates_nothing_into_a_reused_buffer()
    {
        var histogram = OneToThousand();
        var labels = new[] { new KeyValuePair<string, string>("venue", "XNAS") };
        var bytes = new ArrayBufferWriter<byte>(4096);
        for (int i = 0; i < 10; i++)
        {
            bytes.ResetWrittenCount();
            histogram.WritePrometheus(bytes, "rtt", labels);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            bytes.ResetWrittenCount();
            histogram.WritePrometheus(bytes, "rtt", labels);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(bytes.WrittenCount, Is.GreaterThan(100));
    }
}
