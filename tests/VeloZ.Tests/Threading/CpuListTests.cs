using System;
using System.IO;
using NUnit.Framework;
using VeloZ.Threading;

namespace VeloZ.Tests.Threading;

/// <summary>The kernel's CPU list format, both ways, and the topology files.</summary>
[TestFixture]
public class CpuListTests
{
    [TestCase("", new int[0])]
    [TestCase("\n", new int[0])]
    [TestCase("0", new[] { 0 })]
    [TestCase("0-3\n", new[] { 0, 1, 2, 3 })]
    [TestCase("0-1,8,10-11", new[] { 0, 1, 8, 10, 11 })]
    [TestCase("8,0-1,1", new[] { 0, 1, 8 })]
    [TestCase(" 2 , 4-5 ", new[] { 2, 4, 5 })]
    public void Parses_the_kernels_format(string text, int[] expected) => Assert.That(CpuList.Parse(text), Is.EqualTo(expected));

    [TestCase("a")]
    [TestCase("3-1")]
    [TestCase("1-")]
    [TestCase("-1")]
    [TestCase("0-4096")]
    [TestCase("1--2")]
    public void Refuses_anything_else_naming_the_part(string text)
    {
        var e = Assert.Throws<FormatException>(() => CpuList.Parse(text));
        Assert.That(e!.Message, Does.Contain("'"));
    }

    [Test]
    public void Formats_ranges_and_round_trips()
    {
        Assert.That(CpuList.Format(new[] { 11, 0, 1, 2, 8, 10, 2 }), Is.EqualTo("0-2,8,10-11"));
        Assert.That(CpuList.Format(ReadOnlySpan<int>.Empty), Is.EqualTo(""));
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            int[] cpus = CpuList.Parse(CpuList.Format(Array.ConvertAll(new int[random.Next(1, 40)], _ => random.Next(64))));
            Assert.That(CpuList.Parse(CpuList.Format(cpus)), Is.EqualTo(cpus));
        }
    }

    [Test]
    public void Reads_topology_files_and_treats_a_missing_one_as_unknown()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "0-2,5\n");
            Assert.That(CpuTopology.Read(path), Is.EqualTo(new[] { 0, 1, 2, 5 }));
            File.WriteAllText(path, "(null)\n");
            Assert.That(CpuTopology.Read(path), Is.Empty);
        }
        finally
        {
            File.Delete(path);
        }
        Assert.That(CpuTopology.Read(path), Is.Null);
        int[] online = CpuTopology.Online();
        Assert.That(online, Is.Not.Empty.And.Ordered.And.Unique);
        Assert.That(online.Length, Is.GreaterThanOrEqualTo(Environment.ProcessorCount), "the process may use at most the online CPUs");
        Assert.That(CpuTopology.Isolated(), Is.SubsetOf(online));
    }
}
