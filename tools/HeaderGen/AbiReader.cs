using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace VeloZ.HeaderGen;

/// <summary>
/// Reads the ABI from the compiled Interop assembly through a <see cref="MetadataLoadContext"/>: the
/// assembly is inspected, never executed, so a broken export cannot break the generator and the
/// net9.0 library can be read by the net10.0 tool. Everything the ABI rules forbid (a <c>bool</c>
/// parameter, a struct without <c>[CType]</c>, a missing thread contract) is reported here with the
/// C# member that breaks it.
/// <para>
/// The named types are the <c>[CType]</c> types of the Interop assembly plus the types its assembly-level
/// <c>[assembly: CType(typeof(X), "veloz_x", ...)]</c> attributes name (Core's, which cross the ABI as they
/// are); both are read alike, and the doc comments come from the XML doc file beside each assembly.
/// </para>
/// </summary>
internal sealed class AbiReader
{
    private const string AttributeNamespace = "VeloZ.Interop.";
    private const string CommonExportsClass = "CommonExports";

    private readonly DocComments _docs;
    // [CType] types by C# full name, created on first sight; a struct's layout is filled in afterwards.
    private readonly Dictionary<string, NamedCType> _named = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _namedSource = new(StringComparer.Ordinal);
    // The [CType] attribute that named each type (on the type, or on the Interop assembly), and where it was written.
    private readonly Dictionary<string, (CustomAttributeData Attribute, string Origin)> _namedBy = new(StringComparer.Ordinal);
    // For an enum, the integer C# stores it in; a struct field of an enum narrower than int is spelled with it.
    private readonly Dictionary<string, PrimitiveCType> _enumStorage = new(StringComparer.Ordinal);
    private readonly HashSet<string> _layoutInProgress = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = new();

    // DESIGN rule 8: every contract is one of these (a qualifier may follow).
    private static readonly string[] s_contracts = { "thread-safe", "single writer", "any thread, wait-free", "owner thread only", "producer thread only", "consumer thread only" };

    private AbiReader(DocComments docs) => _docs = docs;

    /// <summary>Warnings (for example implicit padding in a struct) to print without failing.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Reads the ABI of the assembly at <paramref name="interopPath"/>. Its .xml doc file must sit beside it, and so
    /// must the assemblies its assembly-level <c>[CType]</c> attributes name types of (Core), each with its .xml.
    /// </summary>
    public static AbiModel Read(string interopPath, out IReadOnlyList<string> warnings)
    {
        string fullPath = Path.GetFullPath(interopPath);
        if (!File.Exists(fullPath))
            throw new GeneratorException($"Interop assembly not found: {fullPath} (run `dotnet build src/Interop -c Release`)");
        string directory = Path.GetDirectoryName(fullPath)!;
        DocComments docs = DocComments.Load(Path.ChangeExtension(fullPath, ".xml"));

        // The running runtime's assemblies stand in for the ones Interop was compiled against:
        // only names and layouts of primitive types are needed, and those do not change between versions.
        var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
        paths.AddRange(Directory.GetFiles(directory, "*.dll"));
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Assembly assembly = context.LoadFromAssemblyPath(fullPath);
        var reader = new AbiReader(docs);
        AbiModel model = reader.ReadAssembly(assembly);
        warnings = reader.Warnings;
        return model;
    }

    private AbiModel ReadAssembly(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            string first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? "unknown";
            throw new GeneratorException($"cannot read the types of {assembly.GetName().Name}: {first}");
        }
        Array.Sort(types, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));

        foreach (Type type in types)
        {
            if (FindAttribute(type, AttributeNamespace + "CTypeAttribute") is { } attribute)
            {
                if (attribute.ConstructorArguments.Count != 1)
                    throw new GeneratorException($"{type.FullName}: [CType(typeof(...), \"...\")] names another type and goes on the assembly; on a type write [CType(\"veloz_...\")]");
                Declare(type, attribute, $"[CType(\"{attribute.ConstructorArguments[0].Value}\")] on {type.FullName}");
            }
        }
        DeclareAssemblyLevel(assembly);
        // Every C name is known before any doc text is converted, so cross references resolve to C names.
        RegisterCrefs(types);
        // Interop's types in metadata order, then the ones its assembly-level attributes name, in attribute order.
        foreach (string fullName in _namedSource.Keys.ToList())
        {
            if (_named[fullName].Kind == NamedKind.Struct)
                ComputeLayout(fullName);
        }

        List<AbiConstant> constants = ReadConstants(types);
        List<AbiFunction> functions = ReadFunctions(types);
        if (functions.Count == 0)
            throw new GeneratorException($"{assembly.GetName().Name} has no [UnmanagedCallersOnly(EntryPoint = ...)] methods: is this the Interop assembly?");
        return new AbiModel(constants, OrderedEnums(functions), OrderedOpaques(functions), OrderedStructs(functions), functions);
    }

    // ---- [CType] types -------------------------------------------------------------------------

    // [assembly: CType(typeof(VeloZ.Book.Side), "veloz_side", ...)]: a type of another assembly (Core, which
    // knows nothing of C) named in C by the Interop assembly. It is read exactly like a [CType] type of Interop,
    // and its doc comments come from the XML doc file beside its own assembly.
    private void DeclareAssemblyLevel(Assembly assembly)
    {
        var foreignAssemblies = new List<Assembly>();
        foreach (CustomAttributeData attribute in assembly.GetCustomAttributesData())
        {
            if (attribute.AttributeType.FullName != AttributeNamespace + "CTypeAttribute")
                continue;
            IList<CustomAttributeTypedArgument> arguments;
            try
            {
                // Reading typeof(X) resolves X's assembly (Core), which must sit beside the Interop assembly.
                arguments = attribute.ConstructorArguments;
                if (arguments.Count == 2 && arguments[0].Value is Type resolved)
                    _ = resolved.IsEnum;
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
            {
                throw new GeneratorException($"an [assembly: CType(typeof(...), ...)] of {assembly.GetName().Name} names a type that cannot be resolved ({e.Message}); its assembly must sit beside {assembly.GetName().Name}.dll");
            }
            if (arguments.Count != 2 || arguments[0].Value is not Type type)
                throw new GeneratorException($"[assembly: CType(\"{arguments[0].Value}\")] in {assembly.GetName().Name}: an assembly-level [CType] names its type: [assembly: CType(typeof(X), \"veloz_x\")]");
            string cName = (string)arguments[1].Value!;
            string origin = $"[assembly: CType(typeof({type.FullName}), \"{cName}\")]";
            Declare(type, attribute, origin);
            if (type.Assembly != assembly && !foreignAssemblies.Contains(type.Assembly))
                foreignAssemblies.Add(type.Assembly);
        }
        foreach (Assembly foreign in foreignAssemblies)
        {
            string location = foreign.Location;
            string xml = Path.ChangeExtension(location, ".xml");
            if (!File.Exists(xml))
                throw new GeneratorException($"XML documentation file not found: {xml} ({assembly.GetName().Name} names types of {foreign.GetName().Name} in C, and the header copies their doc comments; set GenerateDocumentationFile in its project)");
            _docs.Merge(DocComments.Load(xml));
        }
    }

    private void Declare(Type type, CustomAttributeData attribute, string origin)
    {
        string cName = (string)attribute.ConstructorArguments[^1].Value!;
        bool opaque = NamedArgument(attribute, "Opaque") is true;
        string where = origin;
        if (_namedBy.TryGetValue(type.FullName!, out var earlier))
            throw new GeneratorException($"{type.FullName} is named twice, by {earlier.Origin} and by {origin}; name it once");
        if (!cName.StartsWith("veloz_", StringComparison.Ordinal) || !Naming.IsUsableIdentifier(cName))
            throw new GeneratorException($"{where}: a C type name must be a lower-case identifier starting with veloz_");
        if (_named.Values.Any(n => n.CName == cName))
            throw new GeneratorException($"{where}: the C name {cName} is used by two types");

        NamedCType named;
        if (type.IsEnum)
        {
            if (opaque)
                throw new GeneratorException($"{where}: an enum cannot be Opaque");
            PrimitiveCType storage = MapPrimitive(Enum.GetUnderlyingType(type))
                ?? throw new GeneratorException($"{where}: unsupported underlying type");
            if (EnumMembers(type).Length == 0)
                throw new GeneratorException($"{where}: an enum without members has no C spelling");
            // C's enum constants are ints, so an enum of 32 bits or fewer is an int32_t typedef whatever its C#
            // width; a struct field keeps the C# width (MapType spells it uint8_t, ...) and a parameter must be
            // declared int. A 64-bit enum keeps its width (its wide values become typed #defines).
            PrimitiveCType typedef = storage.Size <= 4 ? PrimitiveCType.Int32 : storage;
            if (storage.Size <= 4)
            {
                foreach (FieldInfo member in EnumMembers(type))
                {
                    long value = Convert.ToInt64(member.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture);
                    if (value is < int.MinValue or > int.MaxValue)
                        throw new GeneratorException($"{where}: {type.FullName}.{member.Name} = {value} does not fit the int32_t typedef of a 32-bit enum; use a 64-bit underlying type");
                }
            }
            named = new NamedCType(cName, NamedKind.Enum, typedef, null);
            _enumStorage[type.FullName!] = storage;
        }
        else if (type.IsValueType)
        {
            if (opaque && InstanceFields(type).Length != 0)
                throw new GeneratorException($"{where}: an opaque handle type must be an empty struct (its pointer is a handle, never dereferenced)");
            named = new NamedCType(cName, opaque ? NamedKind.Opaque : NamedKind.Struct, null, null);
        }
        else
        {
            throw new GeneratorException($"{where}: [CType] goes on structs and enums only");
        }
        _named[type.FullName!] = named;
        _namedSource[type.FullName!] = type;
        _namedBy[type.FullName!] = (attribute, origin);
    }

    private NamedCType ComputeLayout(string fullName)
    {
        NamedCType named = _named[fullName];
        if (named.StructLayout is not null)
            return named;
        Type type = _namedSource[fullName];
        string where = $"{type.FullName} ({named.CName})";
        if (!_layoutInProgress.Add(fullName))
            throw new GeneratorException($"{where}: the struct contains itself");

        if (type.IsAutoLayout)
            throw new GeneratorException($"{where}: ABI structs need [StructLayout(LayoutKind.Sequential)] (or Explicit) so C can mirror them");
        bool isExplicit = type.IsExplicitLayout;
        StructLayoutAttribute? layout = type.StructLayoutAttribute;

        var fields = new List<AbiField>();
        int offset = 0;
        int alignment = 1;
        foreach (FieldInfo field in InstanceFields(type))
        {
            string fieldWhere = $"{type.FullName}.{field.Name}";
            CType fieldType;
            int? arrayLength = null;
            CustomAttributeData? fixedBuffer = FindAttribute(field, "System.Runtime.CompilerServices.FixedBufferAttribute");
            if (fixedBuffer is not null)
            {
                fieldType = MapType((Type)fixedBuffer.ConstructorArguments[0].Value!, fieldWhere, allowVoid: false, TypeUse.Storage);
                arrayLength = (int)fixedBuffer.ConstructorArguments[1].Value!;
            }
            else
            {
                fieldType = MapType(field.FieldType, fieldWhere, allowVoid: false, TypeUse.Storage);
            }
            if (fieldType is NamedCType { Kind: NamedKind.Struct } nested)
                fieldType = ComputeLayout(KeyOf(nested.CName));
            // [CSpelling("veloz_book_mode")] int Mode: an int field that holds an int32 enum's values.
            fieldType = ApplySpelling(FindAttribute(field, AttributeNamespace + "CSpellingAttribute"), fieldType, fieldWhere);
            if (fieldType is NamedCType { Kind: NamedKind.Opaque })
                throw new GeneratorException($"{fieldWhere}: an opaque handle type can only be used through a pointer");

            int fieldAlignment = fieldType.Alignment;
            int aligned = AlignUp(offset, fieldAlignment);
            if (isExplicit)
            {
                int explicitOffset = ExplicitOffset(field, fieldWhere);
                if (explicitOffset < offset)
                    throw new GeneratorException($"{fieldWhere}: FieldOffset {explicitOffset} overlaps the field before it (ends at {offset}); unions do not cross the ABI, and fields must be declared in offset order");
                if (explicitOffset % fieldAlignment != 0)
                    throw new GeneratorException($"{fieldWhere}: FieldOffset {explicitOffset} is not a multiple of its alignment {fieldAlignment}; C cannot lay it out there without packing");
                if (explicitOffset != aligned)
                {
                    // A gap C would not leave by itself: make it a named byte array so both sides agree.
                    fields.Add(Padding(offset, explicitOffset - offset));
                }
                aligned = explicitOffset;
            }
            else if (aligned != offset)
            {
                _warnings.Add($"{fieldWhere}: {aligned - offset} bytes of implicit padding before it; prefer an explicit reserved field");
            }
            offset = aligned;
            string name = Naming.ToSnakeCase(field.Name);
            if (!Naming.IsUsableIdentifier(name))
                throw new GeneratorException($"{fieldWhere}: its C name `{name}` is a keyword in C, C++, Python or Cython; rename the field");
            fields.Add(new AbiField(name, fieldType, arrayLength, offset, _docs.For(DocumentationId.ForField(field))));
            offset += fieldType.Size * (arrayLength ?? 1);
            alignment = Math.Max(alignment, fieldAlignment);
        }
        if (fields.Count == 0)
            throw new GeneratorException($"{where}: a value struct needs at least one field (C has no empty structs); use Opaque = true for a handle type");
        if (layout is not null && layout.Pack != 0 && layout.Pack < alignment)
            throw new GeneratorException($"{where}: Pack = {layout.Pack} packs the struct tighter than C lays it out; remove Pack");
        int natural = AlignUp(offset, alignment);
        int size = natural;
        if (layout is not null && layout.Size > natural)
        {
            // [StructLayout(Size = 64)]: the tail becomes a named byte array (C has no other way to say it).
            if (layout.Size % alignment != 0)
                throw new GeneratorException($"{where}: StructLayout Size = {layout.Size} is not a multiple of the struct's alignment {alignment}");
            fields.Add(Padding(offset, layout.Size - offset));
            size = layout.Size;
        }
        else if (layout is not null && layout.Size != 0 && layout.Size < natural)
        {
            throw new GeneratorException($"{where}: StructLayout Size = {layout.Size} is smaller than its fields need ({natural})");
        }
        else if (size != offset)
        {
            _warnings.Add($"{where}: {size - offset} bytes of implicit tail padding; prefer an explicit reserved field");
        }

        var abiStruct = new AbiStruct(named.CName, TypeDoc(fullName), size, alignment, fields);
        named = named with { StructLayout = abiStruct };
        _named[fullName] = named;
        _layoutInProgress.Remove(fullName);
        return named;
    }

    private static AbiField Padding(int offset, int length) =>
        new($"padding_{offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}", PrimitiveCType.UInt8, length, offset,
            "Padding that keeps the C layout equal to the C# one; leave it zero.", IsPadding: true);

    private static int ExplicitOffset(FieldInfo field, string where)
    {
        CustomAttributeData? attribute = FindAttribute(field, "System.Runtime.InteropServices.FieldOffsetAttribute");
        if (attribute is null || attribute.ConstructorArguments.Count != 1 || attribute.ConstructorArguments[0].Value is not int value)
            throw new GeneratorException($"{where}: explicit layout without a readable [FieldOffset]");
        return value;
    }

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static FieldInfo[] InstanceFields(Type type)
    {
        FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
        // Metadata order is declaration order, which is the sequential layout order.
        Array.Sort(fields, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
        return fields;
    }

    private string TypeDoc(string fullName) => _docs.For(DocumentationId.ForType(_namedSource[fullName]));

    private void RegisterCrefs(Type[] types)
    {
        foreach (Type type in types)
        {
            if (FindAttribute(type, AttributeNamespace + "CConstantsAttribute") is not null)
            {
                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
                {
                    if (field.IsLiteral)
                        _docs.AddCName(DocumentationId.ForField(field), field.Name);
                }
            }
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (FindAttribute(method, "System.Runtime.InteropServices.UnmanagedCallersOnlyAttribute") is { } unmanaged &&
                    NamedArgument(unmanaged, "EntryPoint") is string entryPoint)
                {
                    _docs.AddCName(DocumentationId.ForMethod(method), entryPoint + "()");
                }
            }
        }
        foreach ((string fullName, NamedCType named) in _named)
        {
            Type type = _namedSource[fullName];
            _docs.AddCName(DocumentationId.ForType(type), named.CName);
            if (named.Kind == NamedKind.Enum)
            {
                string prefix = EnumPrefix(type, named.CName);
                foreach (FieldInfo member in EnumMembers(type))
                    _docs.AddCName(DocumentationId.ForField(member), prefix + Naming.ToUpperSnakeCase(member.Name));
            }
            else if (named.Kind == NamedKind.Struct)
            {
                foreach (FieldInfo field in InstanceFields(type))
                    _docs.AddCName(DocumentationId.ForField(field), $"{named.CName}.{Naming.ToSnakeCase(field.Name)}");
            }
        }
    }

    // ---- Type mapping ---------------------------------------------------------------------------

    private static PrimitiveCType? MapPrimitive(Type type) => type.FullName switch
    {
        "System.Void" => PrimitiveCType.Void,
        "System.Byte" => PrimitiveCType.UInt8,
        "System.SByte" => PrimitiveCType.Int8,
        "System.Int16" => PrimitiveCType.Int16,
        "System.UInt16" => PrimitiveCType.UInt16,
        "System.Int32" => PrimitiveCType.Int32,
        "System.UInt32" => PrimitiveCType.UInt32,
        "System.Int64" => PrimitiveCType.Int64,
        "System.UInt64" => PrimitiveCType.UInt64,
        "System.Single" => PrimitiveCType.Float,
        "System.Double" => PrimitiveCType.Double,
        "System.IntPtr" => PrimitiveCType.IntPtr,
        "System.UIntPtr" => PrimitiveCType.UIntPtr,
        _ => null,
    };

    /// <summary>Where a C# type is used: by value through a call (parameter, return value), or as memory (a field, a pointee).</summary>
    private enum TypeUse
    {
        Value,
        Storage,
    }

    private CType MapType(Type type, string where, bool allowVoid, TypeUse use)
    {
        if (type.IsPointer)
            return new PointerCType(MapType(type.GetElementType()!, where, allowVoid: true, TypeUse.Storage), PointeeConst: false);
        if (type.IsByRef)
            throw new GeneratorException($"{where}: ref/out/in parameters do not cross the C ABI; use a pointer");
        if (type.IsFunctionPointer)
        {
            if (!type.IsUnmanagedFunctionPointer)
                throw new GeneratorException($"{where}: a managed delegate* cannot be called from C; use delegate* unmanaged<...>");
            var parameters = new List<CType>();
            foreach (Type parameter in type.GetFunctionPointerParameterTypes())
                parameters.Add(MapType(parameter, $"{where} (callback parameter)", allowVoid: false, TypeUse.Value));
            return new FunctionPointerCType(MapType(type.GetFunctionPointerReturnType(), $"{where} (callback return)", allowVoid: true, TypeUse.Value), parameters);
        }
        if (type.FullName is { } fullName && _named.TryGetValue(fullName, out NamedCType? named))
        {
            if (named.Kind != NamedKind.Enum || _enumStorage[fullName].Size == named.Size)
                return named;
            // An enum narrower than its int32_t typedef: in memory it has the C# width, spelled as the fixed-width
            // integer (uint8_t side), while a C caller passes veloz_side as an int, which C# must declare so.
            PrimitiveCType storage = _enumStorage[fullName];
            if (use == TypeUse.Storage)
                return storage;
            throw new GeneratorException($"{where}: {fullName} is a {storage.Size}-byte enum, but C passes {named.CName} by value as int32_t " +
                $"(C's enum constants are int); declare it int with [CSpelling(\"{named.CName}\")] and cast");
        }
        PrimitiveCType? primitive = MapPrimitive(type);
        if (primitive == PrimitiveCType.Void && !allowVoid)
            throw new GeneratorException($"{where}: void is only allowed as a return type or behind a pointer");
        if (primitive is not null)
            return primitive;
        string hint = type.FullName switch
        {
            "System.Boolean" => "bool has no fixed C size; use byte or int (0 or 1)",
            "System.Char" => "char is UTF-16 in C#; strings cross as UTF-8 byte* plus a length",
            "System.String" => "strings cross as UTF-8 byte* plus a length ([CSpelling(\"const char*\")])",
            _ when type.IsEnum => "an enum must carry [CType(\"veloz_...\", ConstantPrefix = \"VELOZ_..._\")]",
            _ when type.IsValueType => "a struct must carry [CType(\"veloz_...\")] and a sequential layout",
            _ => "only fixed-width integers, float, double, nint, pointers and [CType] types cross the ABI",
        };
        throw new GeneratorException($"{where}: type {type.FullName} cannot cross the C ABI: {hint}");
    }

    // ---- Constants ------------------------------------------------------------------------------

    private List<AbiConstant> ReadConstants(Type[] types)
    {
        var constants = new List<AbiConstant>();
        // Classes by name (type order follows source file order, which the build does not fix);
        // fields in declaration order.
        foreach (Type type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (FindAttribute(type, AttributeNamespace + "CConstantsAttribute") is null)
                continue;
            FieldInfo[] fields = type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly);
            Array.Sort(fields, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
            foreach (FieldInfo field in fields)
            {
                if (!field.IsLiteral)
                    continue;
                string where = $"{type.FullName}.{field.Name}";
                if (!field.Name.StartsWith("VELOZ_", StringComparison.Ordinal) || field.Name.ToUpperInvariant() != field.Name || !Naming.IsUsableIdentifier(field.Name))
                    throw new GeneratorException($"{where}: a [CConstants] field is written to C as named, so name it VELOZ_UPPER_SNAKE");
                object value = field.GetRawConstantValue()
                    ?? throw new GeneratorException($"{where}: a null constant has no C spelling");
                if (value is bool or char)
                    throw new GeneratorException($"{where}: {value.GetType().Name} constants have no C spelling; use an integer");
                constants.Add(new AbiConstant(field.Name, value, _docs.For(DocumentationId.ForField(field))));
            }
        }
        return constants;
    }

    // ---- Functions ------------------------------------------------------------------------------

    private List<AbiFunction> ReadFunctions(Type[] types)
    {
        // Exports are grouped by the class that declares them (one class per component); the common
        // exports come first, then the classes by name, each in declaration order.
        var classes = types.Where(t => t.IsClass).ToList();
        classes.Sort((a, b) =>
        {
            bool aCommon = a.Name == CommonExportsClass, bCommon = b.Name == CommonExportsClass;
            if (aCommon != bCommon)
                return aCommon ? -1 : 1;
            return string.CompareOrdinal(a.FullName, b.FullName);
        });

        var exports = new List<(MethodInfo Method, string EntryPoint)>();
        foreach (Type type in classes)
        {
            MethodInfo[] methods = type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            Array.Sort(methods, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
            foreach (MethodInfo method in methods)
            {
                CustomAttributeData? unmanaged = FindAttribute(method, "System.Runtime.InteropServices.UnmanagedCallersOnlyAttribute");
                if (unmanaged is null || NamedArgument(unmanaged, "EntryPoint") is not string entryPoint)
                    continue;
                exports.Add((method, entryPoint));
            }
        }

        var functions = new List<AbiFunction>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((MethodInfo method, string entryPoint) in exports)
        {
            string where = $"{method.DeclaringType!.FullName}.{method.Name} ({entryPoint})";
            if (!entryPoint.StartsWith("veloz_", StringComparison.Ordinal) || entryPoint.ToLowerInvariant() != entryPoint || !Naming.IsUsableIdentifier(entryPoint))
                throw new GeneratorException($"{where}: entry points are named veloz_<object>_<verb> in lower snake case");
            if (!seen.Add(entryPoint))
                throw new GeneratorException($"{where}: the entry point {entryPoint} is exported twice");

            CustomAttributeData? contract = FindAttribute(method, AttributeNamespace + "ThreadContractAttribute");
            string threadContract = contract?.ConstructorArguments[0].Value as string ?? string.Empty;
            if (threadContract.Trim().Length == 0)
                throw new GeneratorException($"{where}: missing [ThreadContract(\"...\")] (DESIGN rule 8)");
            if (!s_contracts.Any(c => threadContract.StartsWith(c, StringComparison.Ordinal)))
                _warnings.Add($"{where}: thread contract \"{threadContract}\" does not start with one of: {string.Join(", ", s_contracts)} (DESIGN rule 8)");
            string documentationId = DocumentationId.ForMethod(method);
            if (!_docs.HasSummary(documentationId))
                throw new GeneratorException($"{where}: missing XML doc <summary>; the header copies it as the function's comment");

            CType returnType = MapType(method.ReturnType, $"{where} return value", allowVoid: true, TypeUse.Value);
            returnType = ApplySpelling(FindAttribute(method.ReturnParameter, AttributeNamespace + "CSpellingAttribute"), returnType, $"{where} return value");

            var parameters = new List<AbiParameter>();
            foreach (ParameterInfo parameter in method.GetParameters())
            {
                string parameterWhere = $"{where} parameter {parameter.Name}";
                string name = parameter.Name ?? string.Empty;
                if (!Naming.IsUsableIdentifier(name))
                    throw new GeneratorException($"{parameterWhere}: the name is copied to C, C++ and Cython and is a keyword (or not an identifier) in one of them; rename it");
                CType type = MapType(parameter.ParameterType, parameterWhere, allowVoid: false, TypeUse.Value);
                type = ApplySpelling(FindAttribute(parameter, AttributeNamespace + "CSpellingAttribute"), type, parameterWhere);
                if (FindAttribute(parameter, AttributeNamespace + "ConstAttribute") is not null)
                {
                    if (type is not PointerCType pointer || pointer.Pointee is PointerCType)
                        throw new GeneratorException($"{parameterWhere}: [Const] applies to a single-level pointer (const T*)");
                    type = pointer with { PointeeConst = true };
                }
                if (type is NamedCType { Kind: NamedKind.Opaque })
                    throw new GeneratorException($"{parameterWhere}: an opaque handle type can only be passed through a pointer");
                parameters.Add(new AbiParameter(name, type));
            }
            if (returnType is FunctionPointerCType)
                throw new GeneratorException($"{where}: returning a function pointer is not supported; return it through an out parameter");
            if (returnType is NamedCType { Kind: NamedKind.Opaque })
                throw new GeneratorException($"{where}: an opaque handle type can only be returned through a pointer");

            string component = method.DeclaringType.Name.EndsWith("Exports", StringComparison.Ordinal)
                ? method.DeclaringType.Name[..^"Exports".Length]
                : method.DeclaringType.Name;
            functions.Add(new AbiFunction(entryPoint, returnType, parameters, threadContract.Trim(), _docs.For(documentationId), component));
        }
        return functions;
    }

    /// <summary>
    /// Applies <c>[CSpelling("const char*")]</c> of a parameter, return value or field: same pointer depth as the C#
    /// type, base <c>char</c> or a type of the same size (an <c>int</c> may be spelled <c>veloz_side</c>, an int32_t typedef).
    /// </summary>
    private CType ApplySpelling(CustomAttributeData? attribute, CType type, string where)
    {
        if (attribute is null)
            return type;
        string spelling = (string)attribute.ConstructorArguments[0].Value!;
        CType spelled = CSpellingParser.Parse(spelling, LookupByCName, where);
        if (!SameShape(type, spelled))
            throw new GeneratorException($"{where}: [CSpelling(\"{spelling}\")] does not match the C# type (same pointer depth, same base size required)");
        return spelled;
    }

    // A struct named by a field's [CSpelling] may not be laid out yet: lay it out first, so its size is known.
    private NamedCType? LookupByCName(string cName)
    {
        NamedCType? named = _named.Values.FirstOrDefault(n => n.CName == cName);
        return named is { Kind: NamedKind.Struct, StructLayout: null } ? ComputeLayout(KeyOf(cName)) : named;
    }

    private string KeyOf(string cName) => _named.First(p => p.Value.CName == cName).Key;

    private static bool SameShape(CType a, CType b) => (a, b) switch
    {
        (FunctionPointerCType, _) or (_, FunctionPointerCType) => a.Equals(b),
        (PointerCType pa, PointerCType pb) => SameShape(pa.Pointee, pb.Pointee),
        (PointerCType, _) or (_, PointerCType) => false,
        (PrimitiveCType { ByteSize: 0 }, _) or (_, PrimitiveCType { ByteSize: 0 }) => a == b,
        (NamedCType { Kind: NamedKind.Opaque }, _) or (_, NamedCType { Kind: NamedKind.Opaque }) => a == b,
        _ => a.Size == b.Size,
    };

    // ---- Output order of types ------------------------------------------------------------------

    // Types are ordered by first use in the function list (a struct after the structs it contains),
    // then the unused ones by C name: stable under any change that does not change the ABI itself.
    private List<NamedCType> TypesInUseOrder(List<AbiFunction> functions)
    {
        var order = new List<NamedCType>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(CType type)
        {
            switch (type)
            {
                case PointerCType pointer:
                    Visit(pointer.Pointee);
                    break;
                case FunctionPointerCType function:
                    Visit(function.ReturnType);
                    foreach (CType parameter in function.Parameters)
                        Visit(parameter);
                    break;
                case NamedCType named when seen.Add(named.CName):
                    NamedCType current = _named.Values.First(n => n.CName == named.CName);
                    if (current.StructLayout is not null)
                    {
                        foreach (AbiField field in current.StructLayout.Fields)
                            Visit(field.Type);
                    }
                    order.Add(current);
                    break;
            }
        }
        foreach (AbiFunction function in functions)
        {
            Visit(function.ReturnType);
            foreach (AbiParameter parameter in function.Parameters)
                Visit(parameter.Type);
        }
        foreach (NamedCType named in _named.Values.OrderBy(n => n.CName, StringComparer.Ordinal))
            Visit(named);
        return order;
    }

    private List<AbiEnum> OrderedEnums(List<AbiFunction> functions)
    {
        var enums = new List<AbiEnum>();
        foreach (NamedCType named in TypesInUseOrder(functions).Where(n => n.Kind == NamedKind.Enum))
        {
            string fullName = _named.First(p => p.Value.CName == named.CName).Key;
            Type type = _namedSource[fullName];
            string prefix = EnumPrefix(type, named.CName);
            var members = new List<AbiEnumMember>();
            foreach (FieldInfo member in EnumMembers(type))
            {
                object raw = member.GetRawConstantValue()!;
                // ulong members above long.MaxValue keep their bits; writers reinterpret by the underlying type.
                long value = raw is ulong big ? unchecked((long)big) : Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture);
                members.Add(new AbiEnumMember(prefix + Naming.ToUpperSnakeCase(member.Name), value, _docs.For(DocumentationId.ForField(member))));
            }
            enums.Add(new AbiEnum(named.CName, named.Underlying!, TypeDoc(fullName), members));
        }
        return enums;
    }

    private List<AbiOpaque> OrderedOpaques(List<AbiFunction> functions) =>
        TypesInUseOrder(functions)
            .Where(n => n.Kind == NamedKind.Opaque)
            .Select(n => new AbiOpaque(n.CName, TypeDoc(_named.First(p => p.Value.CName == n.CName).Key)))
            .ToList();

    private List<AbiStruct> OrderedStructs(List<AbiFunction> functions) =>
        TypesInUseOrder(functions).Where(n => n.Kind == NamedKind.Struct).Select(n => n.StructLayout!).ToList();

    private string EnumPrefix(Type type, string cName)
    {
        (CustomAttributeData attribute, string origin) = _namedBy[type.FullName!];
        string? prefix = NamedArgument(attribute, "ConstantPrefix") as string;
        if (string.IsNullOrEmpty(prefix))
            throw new GeneratorException($"{origin} ({cName}): an ABI enum needs ConstantPrefix (for example \"VELOZ_CLOCK_SOURCE_\")");
        if (!prefix.StartsWith("VELOZ_", StringComparison.Ordinal) || prefix.ToUpperInvariant() != prefix)
            throw new GeneratorException($"{origin} ({cName}): ConstantPrefix \"{prefix}\" must be upper case and start with VELOZ_");
        return prefix;
    }

    private static FieldInfo[] EnumMembers(Type type)
    {
        FieldInfo[] members = type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly);
        Array.Sort(members, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
        return members;
    }

    // ---- Attributes -----------------------------------------------------------------------------

    private static CustomAttributeData? FindAttribute(MemberInfo member, string fullName) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == fullName);

    private static CustomAttributeData? FindAttribute(ParameterInfo parameter, string fullName) =>
        parameter.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == fullName);

    private static object? NamedArgument(CustomAttributeData attribute, string name)
    {
        foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name)
                return argument.TypedValue.Value;
        }
        return null;
    }
}
