using System.Collections.Generic;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>Word-wraps the paragraphs of a doc text (separated by '\n') for comments.</summary>
internal static class TextWrap
{
    /// <summary>Lines of at most <paramref name="width"/> characters (longer words stay whole); an empty line between paragraphs.</summary>
    public static List<string> Lines(string text, int width)
    {
        var lines = new List<string>();
        bool firstParagraph = true;
        foreach (string paragraph in text.Split('\n'))
        {
            if (paragraph.Length == 0)
                continue;
            if (!firstParagraph)
                lines.Add(string.Empty);
            firstParagraph = false;
            var line = new StringBuilder();
            foreach (string word in paragraph.Split(' '))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                if (line.Length > 0)
                    line.Append(' ');
                line.Append(word);
            }
            if (line.Length > 0)
                lines.Add(line.ToString());
        }
        return lines;
    }
}
