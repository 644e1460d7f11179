using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>
/// Writes bindings/python/veloz/_capi.py: the ctypes twin of veloz.h. Structure classes check their
/// size and offsets against the C# layout at import, so a mismatch fails loudly instead of
/// corrupting memory.
/// </summary>
internal static class PythonCtypesWriter
{
    private const int CommentWidth = 96;

    public static string Write(AbiModel model)
    {
        var py = new StringBuilder();
        py.Append("""
            # GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
            # with include/veloz.h and capi.pxd; the build regenerates it and CI fails when this copy differs.
            #   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
            """);
        py.Append("\n\"\"\"ctypes declarations of the VeloZ C API (include/veloz.h): constants, structures, and bind().\"\"\"\n\n");
        py.Append("""
            from __future__ import annotations

            import ctypes
            from typing import Any


            def _check_layout(structure: Any, size: int, offsets: dict[str, int]) -> None:
                # The C# layout is the truth; a ctypes layout that differs would read the wrong bytes.
                if ctypes.sizeof(structure) != size:
                    raise ImportError(f"{structure.__name__}: ctypes size {ctypes.sizeof(structure)} != C# size {size}")
                for name, offset in offsets.items():
                    actual = getattr(structure, name).offset
                    if actual != offset:
                        raise ImportError(f"{structure.__name__}.{name}: ctypes offset {actual} != C# offset {offset}")
            """);

        if (model.Constants.Count > 0)
        {
            py.Append("\n\n# ---- Constants\n\n");
            foreach (AbiConstant constant in model.Constants)
            {
                Comment(py, constant.Doc, "");
                py.Append(constant.Name).Append(" = ").Append(ConstantSpelling.Python(constant.Value)).Append('\n');
            }
        }

        foreach (AbiEnum abiEnum in model.Enums)
        {
            py.Append("\n\n# ---- ").Append(abiEnum.CName).Append("\n\n");
            Comment(py, abiEnum.Doc, "");
            py.Append(abiEnum.CName).Append(" = ").Append(abiEnum.Underlying.Ctypes).Append('\n');
            foreach (AbiEnumMember member in abiEnum.Members)
            {
                Comment(py, member.Doc, "");
                py.Append(member.Name).Append(" = ").Append(ConstantSpelling.Python(ConstantSpelling.EnumValue(abiEnum, member))).Append('\n');
            }
        }

        AbiEnum? status = model.Enums.FirstOrDefault(e => e.CName == "veloz_status");
        if (status is not null)
        {
            py.Append("\n\n# The name of every status code, as veloz_status_name() spells it.\n");
            py.Append("STATUS_NAMES: dict[int, str] = {\n");
            foreach (AbiEnumMember member in status.Members)
                py.Append("    ").Append(member.Value.ToString(CultureInfo.InvariantCulture)).Append(": \"").Append(member.Name).Append("\",\n");
            py.Append("}\n");
        }

        if (model.Opaques.Count > 0)
        {
            py.Append("\n\n# ---- Opaque handle types: a pointer to one is a ctypes.c_void_p\n#\n");
            foreach (AbiOpaque opaque in model.Opaques)
                py.Append("#   ").Append(opaque.CName).Append("*\n");
        }

        foreach (AbiStruct abiStruct in model.Structs)
        {
            py.Append("\n\nclass ").Append(abiStruct.CName).Append("(ctypes.Structure):\n");
            List<string> docLines = TextWrap.Lines(abiStruct.Doc.Replace("\\", "\\\\").Replace("\"", "\\\""), CommentWidth - 4);
            if (docLines.Count > 0)
            {
                py.Append("    \"\"\"");
                for (int i = 0; i < docLines.Count; i++)
                {
                    if (i > 0)
                        py.Append('\n').Append(docLines[i].Length == 0 ? "" : "    ");
                    py.Append(docLines[i]);
                }
                py.Append(docLines.Count > 1 ? "\n    \"\"\"\n\n" : "\"\"\"\n\n");
            }
            py.Append("    _fields_ = [\n");
            foreach (AbiField field in abiStruct.Fields)
            {
                Comment(py, field.Doc, "        ");
                string type = Spelling.Ctypes(field.Type);
                if (field.ArrayLength is int length)
                    type = $"{type} * {length.ToString(CultureInfo.InvariantCulture)}";
                py.Append("        (\"").Append(field.Name).Append("\", ").Append(type).Append("),\n");
            }
            py.Append("    ]\n\n\n");
            py.Append("_check_layout(").Append(abiStruct.CName).Append(", ").Append(abiStruct.Size.ToString(CultureInfo.InvariantCulture)).Append(", {\n");
            string offsets = string.Join(' ', abiStruct.Fields.Select(f => $"\"{f.Name}\": {f.Offset.ToString(CultureInfo.InvariantCulture)},"));
            foreach (string line in TextWrap.Lines(offsets, CommentWidth - 4))
                py.Append("    ").Append(line).Append('\n');
            py.Append("})\n");
        }

        py.Append("\n\n# ---- Functions: name -> (restype, argtypes)\n\n");
        py.Append("FUNCTIONS: dict[str, tuple[Any, list[Any]]] = {\n");
        foreach (AbiFunction function in model.Functions)
        {
            // The declaration stays on one line so it can be searched for; the prose is wrapped.
            py.Append("    # ").Append(CHeaderWriter.Declaration(function)).Append('\n');
            Comment(py, FirstSentence(function.Doc) + " Thread safety: " + function.ThreadContract + ".", "    ");
            py.Append("    \"").Append(function.Name).Append("\": (").Append(Spelling.Ctypes(function.ReturnType)).Append(", [");
            py.Append(string.Join(", ", function.Parameters.Select(p => Spelling.Ctypes(p.Type))));
            py.Append("]),\n");
        }
        py.Append("}\n");

        py.Append(""""


            def bind(lib: ctypes.CDLL) -> None:
                """Sets restype and argtypes of every function in FUNCTIONS on lib.

                Raises AttributeError naming every function lib does not export (a library older than
                these declarations); nothing is bound in that case.
                """
                missing = [name for name in FUNCTIONS if not hasattr(lib, name)]
                if missing:
                    raise AttributeError(
                        f"{getattr(lib, '_name', lib)!s} does not export {', '.join(missing)}: "
                        "the library is older than these bindings (include/veloz.h)"
                    )
                for name, (restype, argtypes) in FUNCTIONS.items():
                    function = getattr(lib, name)
                    function.restype = restype
                    function.argtypes = argtypes

            """");
        return py.ToString();
    }

    private static string FirstSentence(string doc)
    {
        string paragraph = doc.Split('\n')[0];
        int end = paragraph.IndexOf(". ", System.StringComparison.Ordinal);
        return end >= 0 ? paragraph[..(end + 1)] : paragraph.TrimEnd('.') + ".";
    }

    private static void Comment(StringBuilder py, string doc, string indent)
    {
        foreach (string line in TextWrap.Lines(doc, CommentWidth - indent.Length - 2))
            py.Append(indent).Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
    }
}
