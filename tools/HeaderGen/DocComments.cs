using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace VeloZ.HeaderGen;

/// <summary>
/// The XML documentation files of the Interop assembly and of the assemblies whose types it names in C
/// (Core), turned into plain text for C comments and
/// Python comments. Paragraphs are separated by a single '\n' and contain no other line breaks;
/// the writers wrap them. Cross references are written with their C names where the ABI has one
/// (<c>&lt;see cref="Status.ENotFound"/&gt;</c> becomes <c>VELOZ_E_NOT_FOUND</c>).
/// </summary>
internal sealed class DocComments
{
    // Marks a paragraph break while text is collected; never appears in a doc comment.
    private const char ParagraphBreak = '\u0001';

    private readonly Dictionary<string, XElement> _members;
    private readonly Dictionary<string, string> _cNames = new(StringComparer.Ordinal);

    private DocComments(Dictionary<string, XElement> members) => _members = members;

    /// <summary>Loads <paramref name="path"/>; fails if it is missing, because a header without comments is not the ABI's documentation.</summary>
    public static DocComments Load(string path)
    {
        if (!File.Exists(path))
            throw new GeneratorException($"XML documentation file not found: {path} (build src/Interop, which sets GenerateDocumentationFile, as Core does)");
        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            throw new GeneratorException($"cannot read {path}: {e.Message}");
        }
        var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (XElement member in document.Descendants("member"))
        {
            string? name = member.Attribute("name")?.Value;
            if (name is not null)
                members[name] = member;
        }
        return new DocComments(members);
    }

    /// <summary>
    /// Adds the members of another assembly's doc file (Core's, for the types Interop names in C). Ids are
    /// namespace-qualified, so two assemblies do not share one; if they did, the member read first is kept.
    /// </summary>
    public void Merge(DocComments other)
    {
        foreach (KeyValuePair<string, XElement> member in other._members)
            _members.TryAdd(member.Key, member.Value);
    }

    /// <summary>Records the C name for a documentation id, so cross references to it print that name.</summary>
    public void AddCName(string documentationId, string cName) => _cNames[documentationId] = cName;

    /// <summary>True if <paramref name="documentationId"/> has a non-empty summary.</summary>
    public bool HasSummary(string documentationId) =>
        _members.TryGetValue(documentationId, out XElement? member) &&
        member.Element("summary") is { } summary && !string.IsNullOrWhiteSpace(summary.Value);

    /// <summary>
    /// The text of a member: summary, then (if present) its documented parameters, returns and remarks,
    /// as paragraphs. Empty if the member is undocumented.
    /// </summary>
    public string For(string documentationId)
    {
        if (!_members.TryGetValue(documentationId, out XElement? member))
            return string.Empty;
        var paragraphs = new List<string>();
        AddParagraphs(paragraphs, member.Element("summary"), prefix: null);
        foreach (XElement parameter in member.Elements("param"))
            AddParagraphs(paragraphs, parameter, prefix: $"{parameter.Attribute("name")?.Value}: ");
        AddParagraphs(paragraphs, member.Element("returns"), prefix: "Returns: ");
        AddParagraphs(paragraphs, member.Element("remarks"), prefix: null);
        return string.Join('\n', paragraphs);
    }

    private void AddParagraphs(List<string> paragraphs, XElement? element, string? prefix)
    {
        if (element is null)
            return;
        var text = new StringBuilder();
        AppendNodes(text, element.Nodes());
        bool first = true;
        foreach (string raw in text.ToString().Split(ParagraphBreak))
        {
            string paragraph = CollapseWhitespace(raw);
            if (paragraph.Length == 0)
                continue;
            paragraphs.Add(first && prefix is not null ? prefix + paragraph : paragraph);
            first = false;
        }
    }

    private void AppendNodes(StringBuilder text, IEnumerable<XNode> nodes)
    {
        foreach (XNode node in nodes)
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value);
                    break;
                case XElement element:
                    AppendElement(text, element);
                    break;
            }
        }
    }

    private void AppendElement(StringBuilder text, XElement element)
    {
        switch (element.Name.LocalName)
        {
            case "para":
            case "code":
                text.Append(ParagraphBreak);
                AppendNodes(text, element.Nodes());
                text.Append(ParagraphBreak);
                break;
            case "br":
                text.Append(ParagraphBreak);
                break;
            case "paramref":
            case "typeparamref":
                text.Append(element.Attribute("name")?.Value);
                break;
            case "see":
            case "seealso":
                if (element.Nodes().Any())
                    AppendNodes(text, element.Nodes());
                else if (element.Attribute("cref") is { } cref)
                    text.Append(ResolveCref(cref.Value));
                else if (element.Attribute("langword") is { } langword)
                    text.Append(langword.Value == "null" ? "NULL" : langword.Value);
                else if (element.Attribute("href") is { } href)
                    text.Append(href.Value);
                break;
            case "item":
                text.Append(ParagraphBreak).Append("- ");
                AppendNodes(text, element.Nodes());
                text.Append(ParagraphBreak);
                break;
            default:
                // <c>, <list>, <description>, <term> and anything unknown: their text.
                AppendNodes(text, element.Nodes());
                break;
        }
    }

    private string ResolveCref(string cref)
    {
        if (_cNames.TryGetValue(cref, out string? cName))
            return cName;
        // A method cref without its parameter list, or with one spelled differently: match by name if unique.
        string withoutParameters = StripParameters(cref);
        string? match = null;
        int matches = 0;
        foreach (KeyValuePair<string, string> pair in _cNames)
        {
            if (StripParameters(pair.Key) == withoutParameters)
            {
                match = pair.Value;
                matches++;
            }
        }
        if (matches == 1)
            return match!;
        // Not part of the ABI (a Core type without a C name, a BCL member): a type by its simple name, a member as
        // Type.Member, so the text still says whose member it is (OrderBookConfig.SelfTradePrevention, not a bare
        // SelfTradePrevention that reads like the C type); a constructor by its type's name.
        int colon = withoutParameters.IndexOf(':');
        string kind = colon >= 0 ? withoutParameters[..colon] : string.Empty;
        string[] parts = (colon >= 0 ? withoutParameters[(colon + 1)..] : withoutParameters).Split('.');
        if (parts.Length >= 2 && parts[^1] is "#ctor" or "#cctor")
            return parts[^2];
        return kind is "F" or "P" or "M" or "E" && parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : parts[^1];
    }

    private static string StripParameters(string cref)
    {
        int parenthesis = cref.IndexOf('(');
        return parenthesis >= 0 ? cref[..parenthesis] : cref;
    }

    private static string CollapseWhitespace(string text)
    {
        var result = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace)
                result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString();
    }
}
