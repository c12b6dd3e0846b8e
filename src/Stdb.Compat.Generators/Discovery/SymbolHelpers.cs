using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Stdb.Compat.Generators.Discovery;

/// <summary>Symbol and syntax helpers shared by the bindings reader and the type mapper.</summary>
internal static class SymbolHelpers
{
    public const string SdkNamespace = "SpacetimeDB";

    /// <summary>Fully qualified with <c>global::</c>, keywords for special types, nullable annotations kept.</summary>
    public static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Fully qualified with <c>global::</c>, no nullable reference annotations (usable in <c>typeof</c>).</summary>
    public static readonly SymbolDisplayFormat QualifiedNoAnnotations = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>What the manifest records as a column's C# type, e.g. <c>ulong</c>, <c>string?</c>, <c>SpacetimeDB.Identity</c>.</summary>
    public static readonly SymbolDisplayFormat ManifestClr = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static IEnumerable<INamedTypeSymbol> BaseTypes(ITypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }

    public static IEnumerable<ITypeSymbol> SelfAndBaseTypes(ITypeSymbol type)
    {
        for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }

    public static bool IsInSdkNamespace(ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace;
        return ns is not null && ns.Name == SdkNamespace && ns.ContainingNamespace is { IsGlobalNamespace: true };
    }

    /// <summary>True when <paramref name="type"/> is the SDK type <c>SpacetimeDB.{name}</c> (any construction).</summary>
    public static bool IsSdkType(ITypeSymbol? type, string name) =>
        type is INamedTypeSymbol named && named.OriginalDefinition.Name == name && named.ContainingType is null && IsInSdkNamespace(named);

    public static INamedTypeSymbol? FindSdkBase(ITypeSymbol type, string name) =>
        BaseTypes(type).FirstOrDefault(b => IsSdkType(b, name));

    public static bool Implements(ITypeSymbol type, string sdkInterfaceName) =>
        type.AllInterfaces.Any(i => IsSdkType(i, sdkInterfaceName));

    /// <summary>Members named <paramref name="name"/> on the type and its bases, most derived first.</summary>
    public static IEnumerable<ISymbol> MembersIncludingBases(ITypeSymbol type, string name) =>
        SelfAndBaseTypes(type).SelectMany(t => t.GetMembers(name));

    public static IMethodSymbol? FindMethod(ITypeSymbol type, string name, bool isStatic) =>
        MembersIncludingBases(type, name).OfType<IMethodSymbol>().FirstOrDefault(m => m.IsStatic == isStatic && m.DeclaredAccessibility == Accessibility.Public);

    public static bool HasAttribute(ISymbol symbol, string name, string? ns = null) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { } c && c.Name == name && (ns is null || c.ContainingNamespace?.ToDisplayString() == ns));

    /// <summary>The expression a property getter or method returns, when it is a single expression.</summary>
    public static ExpressionSyntax? ReturnedExpression(ISymbol member, CancellationToken ct)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(ct);
            switch (node)
            {
                case PropertyDeclarationSyntax property:
                    if (property.ExpressionBody is { } arrow)
                    {
                        return arrow.Expression;
                    }

                    var getter = property.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
                    if (getter?.ExpressionBody is { } getterArrow)
                    {
                        return getterArrow.Expression;
                    }

                    if (getter?.Body?.Statements.Count == 1 && getter.Body.Statements[0] is ReturnStatementSyntax { Expression: { } e })
                    {
                        return e;
                    }

                    break;
                case MethodDeclarationSyntax method:
                    if (method.ExpressionBody is { } methodArrow)
                    {
                        return methodArrow.Expression;
                    }

                    if (method.Body?.Statements.Count == 1 && method.Body.Statements[0] is ReturnStatementSyntax { Expression: { } r })
                    {
                        return r;
                    }

                    break;
                case VariableDeclaratorSyntax { Initializer: { } init }:
                    return init.Value;
            }
        }

        return null;
    }

    /// <summary>Reads a constant string from a member's returned expression (a literal, or anything constant such as a const).</summary>
    public static string? ReadConstantString(ISymbol member, Compilation compilation, CancellationToken ct, out string found)
    {
        if (member is IFieldSymbol { IsConst: true, ConstantValue: string constant })
        {
            found = "a const";
            return constant;
        }

        var expression = ReturnedExpression(member, ct);
        if (expression is null)
        {
            found = member.DeclaringSyntaxReferences.IsEmpty ? "no source (the bindings are in a referenced assembly)" : "no single returned expression";
            return null;
        }

        if (expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            found = "a string literal";
            return literal.Token.ValueText;
        }

        var model = compilation.GetSemanticModel(expression.SyntaxTree);
        var value = model.GetConstantValue(expression, ct);
        if (value.HasValue && value.Value is string text)
        {
            found = "a constant";
            return text;
        }

        found = "'" + expression.ToString() + "'";
        return null;
    }

    /// <summary>For <c>=&gt; row.X</c> style bodies (<c>GetPrimaryKey</c>, <c>GetKey</c>), the member name <c>X</c>.</summary>
    public static string? ReturnedMemberName(ISymbol member, CancellationToken ct) => MemberName(ReturnedExpression(member, ct));

    /// <summary>
    /// For <c>=&gt; row.X</c> the name <c>X</c>; for a multi-column key <c>=&gt; (row.A, row.B)</c> the names <c>A</c>, <c>B</c>;
    /// null for any other expression.
    /// </summary>
    public static IReadOnlyList<string>? ReturnedMemberNames(ISymbol member, CancellationToken ct)
    {
        var expression = Unwrap(ReturnedExpression(member, ct));
        if (expression is TupleExpressionSyntax tuple)
        {
            var names = new List<string>(tuple.Arguments.Count);
            foreach (var argument in tuple.Arguments)
            {
                if (MemberName(argument.Expression) is not { } name)
                {
                    return null;
                }

                names.Add(name);
            }

            return names;
        }

        return MemberName(expression) is { } single ? new[] { single } : null;
    }

    private static string? MemberName(ExpressionSyntax? expression) =>
        Unwrap(expression) is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : null;

    private static ExpressionSyntax? Unwrap(ExpressionSyntax? expression)
    {
        while (true)
        {
            switch (expression)
            {
                case CastExpressionSyntax cast:
                    expression = cast.Expression;
                    continue;
                case ParenthesizedExpressionSyntax parens:
                    expression = parens.Expression;
                    continue;
                case PostfixUnaryExpressionSyntax bang when bang.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    expression = bang.Operand;
                    continue;
                default:
                    return expression;
            }
        }
    }

    public static string DescribeType(ITypeSymbol? type) =>
        type is null ? "nothing" : "'" + type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "'";
}
