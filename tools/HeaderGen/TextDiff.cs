using System;
using System.Collections.Generic;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>A short line diff for the --check report: enough to see what changed, not a patch tool.</summary>
internal static class TextDiff
{
    // Beyond this many cells the LCS table is skipped and the changed middle is shown as one block.
    private const long MaxTableCells = 4_000_000;

    /// <summary>Unified-style lines ("-old", "+new", with "@@ line" markers), at most <paramref name="maxLines"/> of them.</summary>
    public static string Unified(string expected, string actual, int maxLines)
    {
        string[] a = SplitLines(expected);
        string[] b = SplitLines(actual);
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
            prefix++;
        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
            suffix++;
        int n = a.Length - prefix - suffix, m = b.Length - prefix - suffix;

        var edits = new List<(char Kind, int Line, string Text)>();
        if ((long)(n + 1) * (m + 1) <= MaxTableCells)
        {
            // lcs[i, j] = length of the longest common subsequence of a[prefix+i..] and b[prefix+j..].
            var lcs = new int[n + 1, m + 1];
            for (int i = n - 1; i >= 0; i--)
                for (int j = m - 1; j >= 0; j--)
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y]) { x++; y++; }
                else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1])) { edits.Add(('-', prefix + x + 1, a[prefix + x])); x++; }
                else { edits.Add(('+', prefix + y + 1, b[prefix + y])); y++; }
            }
        }
        else
        {
            for (int i = 0; i < n; i++) edits.Add(('-', prefix + i + 1, a[prefix + i]));
            for (int j = 0; j < m; j++) edits.Add(('+', prefix + j + 1, b[prefix + j]));
        }

        var text = new StringBuilder();
        int written = 0;
        char lastKind = ' ';
        int lastLine = -10;
        foreach ((char kind, int line, string content) in edits)
        {
            if (written == maxLines)
            {
                text.Append($"  ... ({edits.Count - written} more changed lines)\n");
                break;
            }
            if (kind != lastKind || line > lastLine + 1)
                text.Append(kind == '-' ? $"@@ committed line {line}\n" : $"@@ generated line {line}\n");
            text.Append(kind).Append(content).Append('\n');
            lastKind = kind;
            lastLine = line;
            written++;
        }
        return text.ToString();
    }

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? Array.Empty<string>() : text.TrimEnd('\n').Split('\n');
}
