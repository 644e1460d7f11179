using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

public class TextDiffTests
{
    [Test]
    public void Diff_shows_only_the_changed_lines_with_their_line_numbers()
    {
        string diff = TextDiff.Unified("a\nb\nc\nd\ne\n", "a\nB\nc\nd\ne\nf\n", maxLines: 10);
        Assert.That(diff, Is.EqualTo("@@ committed line 2\n-b\n@@ generated line 2\n+B\n@@ generated line 6\n+f\n"));
    }

    [Test]
    public void Diff_is_cut_at_the_line_limit()
    {
        string diff = TextDiff.Unified("", "1\n2\n3\n4\n", maxLines: 2);
        Assert.That(diff, Does.Contain("+1\n+2\n").And.Contain("2 more changed lines").And.Not.Contain("+3"));
    }
}
