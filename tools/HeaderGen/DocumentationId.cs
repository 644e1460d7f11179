using System;
using System.Linq;
using System.Reflection;

namespace VeloZ.HeaderGen;

/// <summary>The ids the C# compiler writes into the XML documentation file (<c>M:Ns.Type.Method(System.Int32)</c>).</summary>
internal static class DocumentationId
{
    public static string ForType(Type type) => "T:" + TypeName(type);

    public static string ForField(FieldInfo field) => $"F:{TypeName(field.DeclaringType!)}.{field.Name}";

    public static string ForMethod(MethodInfo method)
    {
        ParameterInfo[] parameters = method.GetParameters();
        string id = $"M:{TypeName(method.DeclaringType!)}.{method.Name}";
        return parameters.Length == 0 ? id : $"{id}({string.Join(",", parameters.Select(p => TypeName(p.ParameterType)))})";
    }

    private static string TypeName(Type type)
    {
        if (type.IsPointer)
            return TypeName(type.GetElementType()!) + "*";
        if (type.IsByRef)
            return TypeName(type.GetElementType()!) + "@";
        if (type.IsArray)
            return TypeName(type.GetElementType()!) + "[]";
        // Nested types are separated by '.' in documentation ids, by '+' in reflection names.
        return (type.FullName ?? type.Name).Replace('+', '.');
    }
}
