using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Stdb.Compat.Generators.Model;

namespace Stdb.Compat.Generators.Discovery;

/// <summary>
/// Maps the C# types the bindings use to the SpacetimeDB algebraic types they stand for (module-def-json §3, §8.4),
/// collecting user-defined product and sum types into a typespace.
/// </summary>
internal sealed class TypeMapper
{
    private readonly Dictionary<ITypeSymbol, int> _refs = new(SymbolEqualityComparer.Default);
    private readonly List<string?> _typespace = new();
    private readonly List<NamedTypeModel> _named = new();
    private readonly List<DiagnosticInfo> _diagnostics;

    public TypeMapper(List<DiagnosticInfo> diagnostics)
    {
        _diagnostics = diagnostics;
    }

    public EquatableArray<string> Typespace => new(_typespace.Select(t => t ?? Sats.Unit));

    public EquatableArray<NamedTypeModel> NamedTypes => new(_named);

    /// <summary>The SATS JSON of a member's type.</summary>
    /// <param name="type">The type, with its nullable annotation.</param>
    /// <param name="what">What carries the type, for diagnostics (e.g. "column 'id' of table 'player'").</param>
    /// <param name="location">Where to report an unmapped type.</param>
    public string Map(ITypeSymbol type, string what, Location? location)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return Sats.Option(Map(nullable.TypeArguments[0], what, location));
        }

        if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            return Sats.Option(Map(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), what, location));
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return Sats.Primitive("Bool");
            case SpecialType.System_SByte: return Sats.Primitive("I8");
            case SpecialType.System_Byte: return Sats.Primitive("U8");
            case SpecialType.System_Int16: return Sats.Primitive("I16");
            case SpecialType.System_UInt16: return Sats.Primitive("U16");
            case SpecialType.System_Int32: return Sats.Primitive("I32");
            case SpecialType.System_UInt32: return Sats.Primitive("U32");
            case SpecialType.System_Int64: return Sats.Primitive("I64");
            case SpecialType.System_UInt64: return Sats.Primitive("U64");
            case SpecialType.System_Single: return Sats.Primitive("F32");
            case SpecialType.System_Double: return Sats.Primitive("F64");
            case SpecialType.System_String: return Sats.Primitive("String");
        }

        if (type is IArrayTypeSymbol array)
        {
            return Sats.Array(Map(array.ElementType, what, location));
        }

        if (type is not INamedTypeSymbol named)
        {
            return Unmapped(type, what, location);
        }

        var ns = named.ContainingNamespace?.ToDisplayString();
        if (named.IsGenericType && named.OriginalDefinition.Name == "List" && ns == "System.Collections.Generic")
        {
            return Sats.Array(Map(named.TypeArguments[0], what, location));
        }

        if (ns == "System" && named.Name is "Int128" or "UInt128")
        {
            return Sats.Primitive(named.Name == "Int128" ? "I128" : "U128");
        }

        // Bindings may declare their own types in namespace SpacetimeDB (the codegen's test module does): a generated
        // [DataContract] type is the module's, whatever its name.
        if (SymbolHelpers.IsInSdkNamespace(named) && named.ContainingType is null && !SymbolHelpers.HasAttribute(named, "DataContractAttribute"))
        {
            var special = SdkSpecial(named, what, location);
            if (special is not null)
            {
                return special;
            }
        }

        if (IsBindingsType(named))
        {
            return Register(named, what, location);
        }

        return Unmapped(type, what, location);
    }

    private static bool IsBindingsType(INamedTypeSymbol type) =>
        SymbolHelpers.HasAttribute(type, "TypeAttribute", SymbolHelpers.SdkNamespace)
        || type.TypeKind == TypeKind.Enum
        || SymbolHelpers.Implements(type, "IStructuralReadWrite")
        || type.AllInterfaces.Any(i => i.Name == "IStructuralReadWrite");

    private string? SdkSpecial(INamedTypeSymbol type, string what, Location? location)
    {
        switch (type.Name)
        {
            case "I128": return Sats.Primitive("I128");
            case "U128": return Sats.Primitive("U128");
            case "I256": return Sats.Primitive("I256");
            case "U256": return Sats.Primitive("U256");
            case "Identity": return Sats.Special("__identity__", "U256");
            case "ConnectionId": return Sats.Special("__connection_id__", "U128");
            case "Timestamp": return Sats.Special("__timestamp_micros_since_unix_epoch__", "I64");
            case "TimeDuration": return Sats.Special("__time_duration_micros__", "I64");
            case "Uuid": return Sats.Special("__uuid__", "U128");
            case "Unit": return Sats.Unit;
            case "ScheduleAt":
                return Sats.Sum(new[]
                {
                    new KeyValuePair<string?, string>("Interval", Sats.Special("__time_duration_micros__", "I64")),
                    new KeyValuePair<string?, string>("Time", Sats.Special("__timestamp_micros_since_unix_epoch__", "I64")),
                });
            case "Result" when type.TypeArguments.Length == 2:
                return Sats.Sum(new[]
                {
                    new KeyValuePair<string?, string>("ok", Map(type.TypeArguments[0], what, location)),
                    new KeyValuePair<string?, string>("err", Map(type.TypeArguments[1], what, location)),
                });
            default:
                return null;
        }
    }

    private string Register(INamedTypeSymbol type, string what, Location? location)
    {
        if (_refs.TryGetValue(type, out var existing))
        {
            return Sats.Ref(existing);
        }

        var index = _typespace.Count;
        _refs.Add(type, index);
        _typespace.Add(null);
        _named.Add(new NamedTypeModel(type.Name, type.ToDisplayString(SymbolHelpers.ManifestClr), index));

        string body;
        if (type.TypeKind == TypeKind.Enum)
        {
            body = Sats.Sum(type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst)
                .Select(f => new KeyValuePair<string?, string>(f.Name, Sats.Unit)));
        }
        else if (TaggedEnumVariants(type) is { } variants)
        {
            body = Sats.Sum(variants.Select(v => new KeyValuePair<string?, string>(
                v.Name,
                Map(v.Type, what + " (variant '" + v.Name + "' of " + type.Name + ")", location))).ToList());
        }
        else
        {
            body = Sats.Product(DataMembers.Of(type).Select(m => new KeyValuePair<string?, string>(
                m.WireName,
                Map(m.Type, what + " (field '" + m.WireName + "' of " + type.Name + ")", location))).ToList());
        }

        _typespace[index] = body;
        return Sats.Ref(index);
    }

    /// <summary>For <c>record X : TaggedEnum&lt;(A a, B b)&gt;</c>, the tuple's named elements.</summary>
    private static IReadOnlyList<IFieldSymbol>? TaggedEnumVariants(INamedTypeSymbol type)
    {
        var taggedEnum = SymbolHelpers.FindSdkBase(type, "TaggedEnum");
        if (taggedEnum is null || taggedEnum.TypeArguments.Length != 1 || taggedEnum.TypeArguments[0] is not INamedTypeSymbol { IsTupleType: true } tuple)
        {
            return null;
        }

        return tuple.TupleElements;
    }

    private string Unmapped(ITypeSymbol type, string what, Location? location)
    {
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnmappedType, location, type.ToDisplayString(SymbolHelpers.ManifestClr), what));
        return Sats.Unit;
    }
}

/// <summary>A serialised member of a row, argument or product type.</summary>
internal sealed record DataMember(ISymbol Symbol, string MemberName, string WireName, ITypeSymbol Type);

/// <summary>Reads the <c>[DataMember]</c> fields of generated types, in declaration (BSATN) order.</summary>
internal static class DataMembers
{
    public static List<DataMember> Of(INamedTypeSymbol type)
    {
        var withAttribute = new List<DataMember>();
        var publicFields = new List<DataMember>();
        foreach (var member in type.GetMembers())
        {
            if (member.IsStatic || member.IsImplicitlyDeclared)
            {
                continue;
            }

            ITypeSymbol? memberType = member switch
            {
                IFieldSymbol field when !field.IsConst => field.Type,
                IPropertySymbol { IsIndexer: false } property => property.Type,
                _ => null,
            };
            if (memberType is null)
            {
                continue;
            }

            var dataMember = member.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "DataMemberAttribute");
            if (dataMember is not null)
            {
                var name = dataMember.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string;
                withAttribute.Add(new DataMember(member, member.Name, string.IsNullOrEmpty(name) ? member.Name : name!, memberType));
            }
            else if (member is IFieldSymbol && member.DeclaredAccessibility == Accessibility.Public)
            {
                publicFields.Add(new DataMember(member, member.Name, member.Name, memberType));
            }
        }

        return withAttribute.Count > 0 ? withAttribute : publicFields;
    }
}
