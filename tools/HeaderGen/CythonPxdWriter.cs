using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>
/// Writes bindings/python/veloz/capi.pxd, so a strategy can <c>from veloz cimport capi</c> and call
/// the C API at C speed inside <c>nogil</c>. Cython reads veloz.h for the real definitions; this
/// file only tells it the names and types.
/// </summary>
internal static class CythonPxdWriter
{
    private const int CommentWidth = 96;

    private static readonly string[] s_stdintNames =
    {
        "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "intptr_t", "uintptr_t",
    };

    public static string Write(AbiModel model)
    {
        var body = new StringBuilder();
        var used = new HashSet<string>();

        body.Append("cdef extern from \"veloz.h\" nogil:\n");
        if (model.Constants.Count > 0)
        {
            body.Append("\n    # ---- Constants\n");
            var enumConstants = model.Constants.Where(c => ConstantSpelling.CythonDeclaration(c.Name, c.Value) is null).ToList();
            if (enumConstants.Count > 0)
            {
                body.Append("    enum:\n");
                foreach (AbiConstant constant in enumConstants)
                    body.Append("        ").Append(constant.Name).Append('\n');
            }
            foreach (AbiConstant constant in model.Constants)
            {
                string? declaration = ConstantSpelling.CythonDeclaration(constant.Name, constant.Value);
                if (declaration is null)
                    continue;
                Use(used, declaration.Split(' ')[1]);
                body.Append("    ").Append(declaration).Append('\n');
            }
        }

        foreach (AbiEnum abiEnum in model.Enums)
        {
            body.Append("\n    # ---- ").Append(abiEnum.CName).Append('\n');
            Comment(body, abiEnum.Doc, "    ");
            Use(used, abiEnum.Underlying.CName);
            body.Append("    ctypedef ").Append(abiEnum.Underlying.CName).Append(' ').Append(abiEnum.CName).Append('\n');
            if (ConstantSpelling.FitsCEnum(abiEnum))
            {
                body.Append("    enum:\n");
                foreach (AbiEnumMember member in abiEnum.Members)
                    body.Append("        ").Append(member.Name).Append('\n');
            }
            else
            {
                foreach (AbiEnumMember member in abiEnum.Members)
                    body.Append("    const ").Append(abiEnum.CName).Append(' ').Append(member.Name).Append('\n');
            }
        }

        if (model.Opaques.Count > 0)
        {
            body.Append("\n    # ---- Opaque handle types\n");
            foreach (AbiOpaque opaque in model.Opaques)
                body.Append("    ctypedef struct ").Append(opaque.CName).Append('\n');
        }

        foreach (AbiStruct abiStruct in model.Structs)
        {
            body.Append("\n    # ---- ").Append(abiStruct.CName).Append('\n');
            Comment(body, abiStruct.Doc, "    ");
            body.Append("    ctypedef struct ").Append(abiStruct.CName).Append(":\n");
            foreach (AbiField field in abiStruct.Fields)
            {
                UseType(used, field.Type);
                body.Append("        ").Append(Spelling.CDeclaration(field.Type, field.Name));
                if (field.ArrayLength is int length)
                    body.Append('[').Append(length.ToString(CultureInfo.InvariantCulture)).Append(']');
                body.Append('\n');
            }
        }

        string? component = null;
        foreach (AbiFunction function in model.Functions)
        {
            if (function.Component != component)
            {
                component = function.Component;
                body.Append("\n    # ---- Functions: ").Append(Naming.ToTitle(component)).Append('\n');
            }
            Comment(body, function.Doc.Split('\n')[0] + " Thread safety: " + function.ThreadContract + ".", "    ");
            UseType(used, function.ReturnType);
            foreach (AbiParameter parameter in function.Parameters)
                UseType(used, parameter.Type);
            body.Append("    ").Append(Spelling.C(function.ReturnType)).Append(' ').Append(function.Name).Append('(');
            body.Append(string.Join(", ", function.Parameters.Select(p => Spelling.CDeclaration(p.Type, p.Name))));
            body.Append(")\n");
        }

        var pxd = new StringBuilder();
        pxd.Append("""
            # GENERATED FILE: DO NOT EDIT. tools/HeaderGen writes it from the exports of src/Interop, together
            # with include/veloz.h and _capi.py; the build regenerates it and CI fails when this copy differs.
            #   dotnet run --project tools/HeaderGen -c Release -- --interop <VeloZ.Interop.dll> --root <repository>
            #
            # Cython declarations of the VeloZ C API: `from veloz cimport capi`, then call capi.veloz_*
            # directly (inside `with nogil:` if you like). Compile against include/ and link libveloz.so.


            """);
        string[] stdint = s_stdintNames.Where(used.Contains).ToArray();
        if (stdint.Length > 0)
            pxd.Append("from libc.stdint cimport ").Append(string.Join(", ", stdint)).Append("\n\n");
        pxd.Append(body);
        return pxd.ToString();
    }

    private static void Use(HashSet<string> used, string cName) => used.Add(cName);

    private static void UseType(HashSet<string> used, CType type)
    {
        switch (type)
        {
            case PointerCType pointer:
                UseType(used, pointer.Pointee);
                break;
            case FunctionPointerCType function:
                UseType(used, function.ReturnType);
                foreach (CType parameter in function.Parameters)
                    UseType(used, parameter);
                break;
            case PrimitiveCType primitive:
                used.Add(primitive.CName);
                break;
        }
    }

    private static void Comment(StringBuilder pxd, string doc, string indent)
    {
        foreach (string line in TextWrap.Lines(doc, CommentWidth - indent.Length - 2))
            pxd.Append(indent).Append(line.Length == 0 ? "#" : "# " + line).Append('\n');
    }
}
