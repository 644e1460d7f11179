using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>
/// Writes include/veloz.h: C11 and C++17 clean under -Wall -Wextra -Werror -pedantic, with every
/// struct's size and field offsets pinned by static assertions to the layout C# uses.
/// </summary>
internal static class CHeaderWriter
{
    private const int CommentWidth = 96;

    public static string Write(AbiModel model)
    {
        var h = new StringBuilder();
        h.Append("""
            /*
             * veloz.h: the C API of VeloZ, a low-latency trading core (libveloz.so).
             *
             * GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop
             * (the compiled VeloZ.Interop.dll and its XML doc comments); the build regenerates it and CI
             * fails when this copy differs. To change the API, change the exports, then run
             *   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
             *
             * Conventions: functions that can fail return veloz_status (VELOZ_OK is 0, errors are negative)
             * and write results through out pointers; veloz_last_error_message() explains the most recent
             * failure on the calling thread. Every function states its thread contract.
             */
            #ifndef VELOZ_H
            #define VELOZ_H

            #include <stddef.h>
            #include <stdint.h>

            #ifdef __cplusplus
            extern "C" {
            #endif

            #if defined(__cplusplus)
            #define VELOZ_STATIC_ASSERT(condition, message) static_assert(condition, message)
            #else
            #define VELOZ_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
            #endif

            """);

        if (model.Constants.Count > 0)
        {
            Section(h, "Constants");
            foreach (AbiConstant constant in model.Constants)
            {
                Comment(h, constant.Doc, "", null);
                h.Append("#define ").Append(constant.Name).Append(' ').Append(ConstantSpelling.C(constant.Value)).Append('\n');
            }
        }

        foreach (AbiEnum abiEnum in model.Enums)
        {
            Section(h, abiEnum.CName);
            Comment(h, abiEnum.Doc, "", null);
            // A typedef pins the width; C enums are int-sized but their type is not fixed across compilers.
            h.Append("typedef ").Append(abiEnum.Underlying.CName).Append(' ').Append(abiEnum.CName).Append(";\n");
            if (!ConstantSpelling.FitsCEnum(abiEnum))
            {
                // C11 enumeration constants are ints; wider values become typed #defines.
                foreach (AbiEnumMember member in abiEnum.Members)
                {
                    Comment(h, member.Doc, "", null);
                    h.Append("#define ").Append(member.Name).Append(' ').Append(ConstantSpelling.C(ConstantSpelling.EnumValue(abiEnum, member))).Append('\n');
                }
                continue;
            }
            h.Append("enum {\n");
            for (int i = 0; i < abiEnum.Members.Count; i++)
            {
                AbiEnumMember member = abiEnum.Members[i];
                Comment(h, member.Doc, "    ", null);
                h.Append("    ").Append(member.Name).Append(" = ").Append(member.Value.ToString(CultureInfo.InvariantCulture));
                h.Append(i + 1 < abiEnum.Members.Count ? ",\n" : "\n");
            }
            h.Append("};\n");
        }

        if (model.Opaques.Count > 0)
        {
            Section(h, "Opaque handle types");
            foreach (AbiOpaque opaque in model.Opaques)
            {
                Comment(h, opaque.Doc, "", null);
                h.Append("typedef struct ").Append(opaque.CName).Append(' ').Append(opaque.CName).Append(";\n");
            }
        }

        foreach (AbiStruct abiStruct in model.Structs)
        {
            Section(h, abiStruct.CName);
            Comment(h, abiStruct.Doc, "", null);
            h.Append("typedef struct ").Append(abiStruct.CName).Append(" {\n");
            foreach (AbiField field in abiStruct.Fields)
            {
                Comment(h, field.Doc, "    ", null);
                h.Append("    ").Append(Spelling.CDeclaration(field.Type, field.Name));
                if (field.ArrayLength is int length)
                    h.Append('[').Append(length.ToString(CultureInfo.InvariantCulture)).Append(']');
                h.Append(";\n");
            }
            h.Append("} ").Append(abiStruct.CName).Append(";\n");
            h.Append("VELOZ_STATIC_ASSERT(sizeof(").Append(abiStruct.CName).Append(") == ")
                .Append(abiStruct.Size.ToString(CultureInfo.InvariantCulture))
                .Append(", \"").Append(abiStruct.CName).Append(": size differs from the C# layout\");\n");
            foreach (AbiField field in abiStruct.Fields)
            {
                h.Append("VELOZ_STATIC_ASSERT(offsetof(").Append(abiStruct.CName).Append(", ").Append(field.Name).Append(") == ")
                    .Append(field.Offset.ToString(CultureInfo.InvariantCulture))
                    .Append(", \"").Append(abiStruct.CName).Append('.').Append(field.Name).Append(": offset differs from the C# layout\");\n");
            }
        }

        string? component = null;
        foreach (AbiFunction function in model.Functions)
        {
            if (function.Component != component)
            {
                component = function.Component;
                Section(h, "Functions: " + Naming.ToTitle(component));
            }
            else
            {
                h.Append('\n');
            }
            Comment(h, function.Doc, "", "Thread safety: " + function.ThreadContract + (function.ThreadContract.EndsWith('.') ? "" : "."), forceBlock: true);
            h.Append(Declaration(function)).Append('\n');
        }

        h.Append("""

            #ifdef __cplusplus
            } /* extern "C" */
            #endif

            #endif /* VELOZ_H */

            """);
        return h.ToString();
    }

    /// <summary>The one-line declaration; the symbol check parses exactly this form.</summary>
    public static string Declaration(AbiFunction function)
    {
        string parameters = function.Parameters.Count == 0
            ? "void"
            : string.Join(", ", function.Parameters.Select(p => Spelling.CDeclaration(p.Type, p.Name)));
        return $"{Spelling.C(function.ReturnType)} {function.Name}({parameters});";
    }

    private static void Section(StringBuilder h, string title)
    {
        h.Append("\n/* ---- ").Append(title).Append(' ').Append(new string('-', System.Math.Max(4, CommentWidth - 12 - title.Length))).Append(" */\n\n");
    }

    private static void Comment(StringBuilder h, string doc, string indent, string? lastLine, bool forceBlock = false)
    {
        List<string> lines = TextWrap.Lines(Sanitize(doc), CommentWidth - indent.Length - 3);
        if (lastLine is not null)
        {
            if (lines.Count > 0)
                lines.Add(string.Empty);
            lines.Add(Sanitize(lastLine));
        }
        if (lines.Count == 0)
            return;
        if (lines.Count == 1 && !forceBlock && indent.Length + lines[0].Length + 7 <= CommentWidth)
        {
            h.Append(indent).Append("/** ").Append(lines[0]).Append(" */\n");
            return;
        }
        h.Append(indent).Append("/**\n");
        foreach (string line in lines)
            h.Append(indent).Append(line.Length == 0 ? " *" : " * " + line).Append('\n');
        h.Append(indent).Append(" */\n");
    }

    // A comment must not end early or nest.
    private static string Sanitize(string text) => text.Replace("*/", "* /").Replace("/*", "/ *");
}
