using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Stdb.Compat.Generators.Model;

namespace Stdb.Compat.Generators.Discovery;

/// <summary>
/// Reads one generated <c>DbConnection</c> and its bindings by symbol semantics (base types, members present,
/// delegate signatures) and the syntax of the generated wire-name expressions, into a symbol-free <see cref="DriverModel"/>.
/// </summary>
internal sealed class BindingsReader
{
    /// <summary>The codegen's header: <c>// This was generated using spacetimedb cli version 2.6.0 (commit 6ad1c62…).</c> (older: no commit).</summary>
    internal static readonly Regex CliVersionPattern = new(
        @"generated using spacetimedb cli version ([0-9A-Za-z.+\-]+?)(?:\s*\(commit\s+([0-9A-Za-z]+)\))?\.?\s*$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _driver;
    private readonly INamedTypeSymbol _connection;
    private readonly Location? _location;
    private readonly CancellationToken _ct;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<UnknownModel> _unknown = new();
    private readonly TypeMapper _types;
    private bool _failed;

    private BindingsReader(Compilation compilation, INamedTypeSymbol driver, INamedTypeSymbol connection, Location? location, CancellationToken ct)
    {
        _compilation = compilation;
        _driver = driver;
        _connection = connection;
        _location = location;
        _ct = ct;
        _types = new TypeMapper(_diagnostics);
    }

    private string ConnectionName => _connection.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    private string DriverName => _driver.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    public static ExtractResult Read(GeneratorAttributeSyntaxContext context, CancellationToken ct)
    {
        if (context.TargetSymbol is not INamedTypeSymbol driver || context.TargetNode is not ClassDeclarationSyntax declaration)
        {
            return new ExtractResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var attribute = context.Attributes.FirstOrDefault();
        var attributeLocation = attribute?.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation() ?? declaration.Identifier.GetLocation();
        var diagnostics = new List<DiagnosticInfo>();
        var driverName = driver.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

        if (driver.ContainingType is not null || driver.IsGenericType || driver.IsStatic)
        {
            var what = driver.ContainingType is not null ? "nested in '" + driver.ContainingType.Name + "'" : driver.IsGenericType ? "generic" : "static";
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidDriverClass, declaration.Identifier.GetLocation(), driverName, what));
        }

        foreach (var reference in driver.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(ct) is ClassDeclarationSyntax part && !part.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotPartial, part.Identifier.GetLocation(), driverName));
            }
        }

        var argument = attribute?.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as INamedTypeSymbol : null;
        if (argument is null || argument.TypeKind == TypeKind.Error)
        {
            // The compiler already reports the bad typeof (or the missing argument).
            return new ExtractResult(null, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        var connectionBase = SymbolHelpers.FindSdkBase(argument, "DbConnectionBase");
        if (connectionBase is null)
        {
            var found = argument.BaseType is { SpecialType: not SpecialType.System_Object } b
                ? SymbolHelpers.DescribeType(argument) + " deriving from " + SymbolHelpers.DescribeType(b)
                : SymbolHelpers.DescribeType(argument) + " (no SpacetimeDB.DbConnectionBase<,,> in its base types)";
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.NotADbConnection, attributeLocation, argument.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), driverName, found));
        }

        if (diagnostics.Count > 0 || connectionBase is null)
        {
            return new ExtractResult(null, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        var reader = new BindingsReader(context.SemanticModel.Compilation, driver, argument, attributeLocation, ct);
        var model = reader.Build(connectionBase, declaration);
        return new ExtractResult(reader._failed ? null : model, new EquatableArray<DiagnosticInfo>(reader._diagnostics));
    }

    private void Shape(string expected, string found)
    {
        _failed = true;
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedShape, _location, ConnectionName, DriverName, expected, found));
    }

    private DriverModel? Build(INamedTypeSymbol connectionBase, ClassDeclarationSyntax declaration)
    {
        // DbConnectionBase<DbConnection, Tables, Reducer>: tell the arguments apart by role, not by position.
        var typeArgs = connectionBase.TypeArguments.OfType<INamedTypeSymbol>().ToList();
        var tablesCandidates = typeArgs.Where(t => SymbolHelpers.FindSdkBase(t, "RemoteTablesBase") is not null).ToList();
        var reducerCandidates = typeArgs.Where(t => !SymbolEqualityComparer.Default.Equals(t, _connection) && SymbolHelpers.FindSdkBase(t, "RemoteTablesBase") is null && t.IsAbstract).ToList();
        if (tablesCandidates.Count != 1)
        {
            Shape("exactly one type argument of DbConnectionBase deriving from SpacetimeDB.RemoteTablesBase", tablesCandidates.Count + " such type arguments");
            return null;
        }

        if (reducerCandidates.Count != 1)
        {
            Shape("exactly one abstract Reducer type argument of DbConnectionBase", reducerCandidates.Count + " candidates");
            return null;
        }

        var tablesType = tablesCandidates[0];
        var reducerType = reducerCandidates[0];

        var builderMethod = SymbolHelpers.FindMethod(_connection, "Builder", isStatic: true);
        if (builderMethod?.ReturnType is not INamedTypeSymbol builder || builderMethod.Parameters.Length != 0)
        {
            Shape("a public static Builder() method returning DbConnectionBuilder<DbConnection>", "none");
            return null;
        }

        bool HasBuilder(string name) => SymbolHelpers.FindMethod(builder, name, isStatic: false) is not null;
        var hasDatabaseName = HasBuilder("WithDatabaseName");
        var hasModuleName = HasBuilder("WithModuleName");
        if (hasDatabaseName == hasModuleName)
        {
            Shape("a builder with exactly one of WithDatabaseName (SDK 2.x) or WithModuleName (SDK 1.x)", hasDatabaseName ? "both" : "neither");
            return null;
        }

        foreach (var required in new[] { "WithUri", "WithToken", "OnConnect", "OnConnectError", "OnDisconnect", "Build" })
        {
            if (!HasBuilder(required))
            {
                Shape("the builder method " + required, SymbolHelpers.DescribeType(builder) + " without it");
                return null;
            }
        }

        var sdkMajor = hasDatabaseName ? 2 : 1;
        var connectParams = DelegateParameters(builder, "OnConnect");
        var disconnectParams = DelegateParameters(builder, "OnDisconnect");
        var connectErrorParams = DelegateParameters(builder, "OnConnectError");
        if (connectParams is not { Count: 3 } || disconnectParams is not { Count: 2 } || connectErrorParams is not { Count: 1 })
        {
            Shape("builder callbacks ConnectCallback(conn, identity, token), DisconnectCallback(conn, error) and ConnectErrorCallback(error)", "other delegate signatures");
            return null;
        }

        var compression = SymbolHelpers.FindMethod(builder, "WithCompression", isStatic: false)?.Parameters.FirstOrDefault()?.Type as INamedTypeSymbol;
        var compressionMembers = compression is { TypeKind: TypeKind.Enum }
            ? compression.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

        // Reducer calls go through SpacetimeDB.IDbConnection, as the codegen's own RemoteReducers do: the SDK implements
        // InternalCallReducer explicitly (1.x: (args, CallReducerFlags), 2.x: (args)).
        var dbConnection = _connection.AllInterfaces.FirstOrDefault(i => i.Name == "IDbConnection" && SymbolHelpers.IsInSdkNamespace(i));
        if (dbConnection is null)
        {
            Shape("a connection implementing SpacetimeDB.IDbConnection", "none");
            return null;
        }

        var callOverloads = dbConnection.GetMembers("InternalCallReducer").OfType<IMethodSymbol>().ToList();
        string? flagsArgument = null;
        var withFlags = callOverloads.FirstOrDefault(m => m.Parameters.Length == 2 && m.Parameters[1].Type is INamedTypeSymbol { TypeKind: TypeKind.Enum });
        var withoutFlags = callOverloads.FirstOrDefault(m => m.Parameters.Length == 1);
        if (withoutFlags is null && withFlags is not null)
        {
            var flagsType = (INamedTypeSymbol)withFlags.Parameters[1].Type;
            var fullUpdate = flagsType.GetMembers("FullUpdate").OfType<IFieldSymbol>().FirstOrDefault();
            flagsArgument = flagsType.ToDisplayString(SymbolHelpers.Qualified) + "." + (fullUpdate?.Name ?? flagsType.GetMembers().OfType<IFieldSymbol>().First(f => f.IsConst).Name);
        }
        else if (withoutFlags is null)
        {
            Shape("SpacetimeDB.IDbConnection.InternalCallReducer(args) or InternalCallReducer(args, flags)", callOverloads.Count + " overloads");
            return null;
        }

        // Event<Reducer> and ReducerEvent<Reducer> come from the contexts.
        var eventContext = TableEventContext(tablesType);
        var eventField = eventContext is null ? null : SymbolHelpers.MembersIncludingBases(eventContext, "Event").FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
        var eventType = (eventField as IFieldSymbol)?.Type ?? (eventField as IPropertySymbol)?.Type;
        if (eventType is not INamedTypeSymbol eventNamed || !SymbolHelpers.IsSdkType(eventNamed, "Event"))
        {
            Shape("table handles whose EventContext has an 'Event' member of type SpacetimeDB.Event<Reducer>", SymbolHelpers.DescribeType(eventType));
            return null;
        }

        var eventVariants = eventNamed.OriginalDefinition.GetTypeMembers().Select(t => t.Name).Where(KnownEventVariant).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var reducerVariant = eventNamed.GetTypeMembers("Reducer").FirstOrDefault();
        var reducerEventProperty = reducerVariant?.GetMembers("ReducerEvent").OfType<IPropertySymbol>().FirstOrDefault();
        if (reducerEventProperty?.Type is not INamedTypeSymbol reducerEvent || !SymbolHelpers.IsSdkType(reducerEvent, "ReducerEvent"))
        {
            Shape("SpacetimeDB.Event<R>.Reducer(ReducerEvent<R> ReducerEvent)", SymbolHelpers.DescribeType(reducerVariant));
            return null;
        }

        var statusType = reducerEvent.GetMembers("Status").OfType<IPropertySymbol>().FirstOrDefault()?.Type as INamedTypeSymbol;
        foreach (var member in new[] { "Status", "CallerIdentity", "CallerConnectionId", "Timestamp", "Reducer" })
        {
            if (!reducerEvent.GetMembers(member).Any())
            {
                Shape("ReducerEvent<R>." + member, SymbolHelpers.DescribeType(reducerEvent) + " without it");
                return null;
            }
        }

        var statusVariants = statusType?.GetTypeMembers().Select(t => t.Name).Where(n => n is "Committed" or "Failed" or "OutOfEnergy").OrderBy(n => n, StringComparer.Ordinal).ToArray() ?? Array.Empty<string>();

        var subscriptionBuilder = SymbolHelpers.FindMethod(_connection, "SubscriptionBuilder", isStatic: false)?.ReturnType;
        var subscribe = subscriptionBuilder is null ? null : SymbolHelpers.FindMethod(subscriptionBuilder, "Subscribe", isStatic: false);
        if (subscribe?.ReturnType is not INamedTypeSymbol subscriptionHandle || subscriptionHandle.SpecialType == SpecialType.System_Void)
        {
            Shape("DbConnection.SubscriptionBuilder().Subscribe(string[]) returning a SubscriptionHandle", SymbolHelpers.DescribeType(subscriptionBuilder));
            return null;
        }

        var tables = ReadTables(tablesType);
        var reducers = ReadReducers(reducerType);
        var procedures = ReadProcedures();
        RecordModuleTypes();
        if (_failed)
        {
            return null;
        }

        var (cliVersion, cliCommit) = FindCliVersion(tablesType, reducerType);
        var typedQueries = _compilation.GetTypeByMetadataName("SpacetimeDB.Query`1") is not null
            || _compilation.GetTypeByMetadataName("SpacetimeDB.IQuery`1") is not null;

        return new DriverModel
        {
            Namespace = _driver.ContainingNamespace.IsGlobalNamespace ? string.Empty : _driver.ContainingNamespace.ToDisplayString(),
            ClassName = _driver.Name,
            HintName = (_driver.ContainingNamespace.IsGlobalNamespace ? string.Empty : _driver.ContainingNamespace.ToDisplayString() + ".") + _driver.Name + ".StdbCompatDriver.g.cs",
            ConnectionTypeName = _connection.ToDisplayString(SymbolHelpers.Qualified),
            DbConnectionInterfaceName = dbConnection.ToDisplayString(SymbolHelpers.Qualified),
            ConnectionDisplayName = _connection.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
            Location = LocationInfo.From(declaration.Identifier.GetLocation()),
            SdkMajor = sdkMajor,
            CliVersion = cliVersion,
            CliCommit = cliCommit,
            DatabaseNameMethod = hasDatabaseName ? "WithDatabaseName" : "WithModuleName",
            HasLightMode = HasBuilder("WithLightMode"),
            HasConfirmedReads = HasBuilder("WithConfirmedReads"),
            HasCompression = compression is not null && compressionMembers.Length > 0,
            CompressionTypeName = compression?.ToDisplayString(SymbolHelpers.Qualified) ?? string.Empty,
            CompressionMembers = new EquatableArray<string>(compressionMembers),
            TypedQueries = typedQueries,
            ReducerFlags = flagsArgument is not null || _connection.GetMembers("SetReducerFlags").Any(),
            CallReducerFlagsArgument = flagsArgument,
            EventTables = _compilation.GetTypeByMetadataName("SpacetimeDB.RemoteEventTableHandle`2") is not null,
            ReducerBaseTypeName = reducerType.ToDisplayString(SymbolHelpers.Qualified),
            EventTypeName = eventNamed.ToDisplayString(SymbolHelpers.Qualified),
            EventVariants = new EquatableArray<string>(eventVariants),
            ReducerEventTypeName = reducerEvent.ToDisplayString(SymbolHelpers.Qualified),
            StatusTypeName = statusType?.ToDisplayString(SymbolHelpers.Qualified) ?? string.Empty,
            StatusVariants = new EquatableArray<string>(statusVariants),
            ConnectParameterTypes = new EquatableArray<string>(connectParams.Select(p => p.Type.ToDisplayString(SymbolHelpers.Qualified))),
            DisconnectParameterTypes = new EquatableArray<string>(disconnectParams.Select(p => p.Type.ToDisplayString(SymbolHelpers.Qualified))),
            ConnectErrorParameterType = connectErrorParams[0].Type.ToDisplayString(SymbolHelpers.Qualified),
            SubscriptionHandleTypeName = subscriptionHandle.ToDisplayString(SymbolHelpers.Qualified),
            Tables = new EquatableArray<TableModel>(tables),
            Reducers = new EquatableArray<ReducerModel>(reducers),
            Procedures = new EquatableArray<ProcedureModel>(procedures),
            Unknown = new EquatableArray<UnknownModel>(_unknown),
            Typespace = _types.Typespace,
            NamedTypes = _types.NamedTypes,
        };
    }

    private static bool KnownEventVariant(string name) =>
        name is "Reducer" or "Transaction" or "SubscribeApplied" or "UnsubscribeApplied" or "SubscribeError" or "UnknownTransaction";

    private static IReadOnlyList<IParameterSymbol>? DelegateParameters(INamedTypeSymbol builder, string method)
    {
        var parameter = SymbolHelpers.FindMethod(builder, method, isStatic: false)?.Parameters.FirstOrDefault();
        return (parameter?.Type as INamedTypeSymbol)?.DelegateInvokeMethod?.Parameters;
    }

    /// <summary>The EventContext type argument of the first table handle's base (they all share it).</summary>
    private static INamedTypeSymbol? TableEventContext(INamedTypeSymbol tablesType)
    {
        foreach (var field in TableFields(tablesType))
        {
            var handleBase = HandleBase(field.Type);
            if (handleBase is not null)
            {
                return handleBase.TypeArguments.OfType<INamedTypeSymbol>().FirstOrDefault(t => SymbolHelpers.Implements(t, "IEventContext"));
            }
        }

        return null;
    }

    private static IEnumerable<IFieldSymbol> TableFields(INamedTypeSymbol tablesType) =>
        tablesType.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && f.DeclaredAccessibility == Accessibility.Public && HandleBase(f.Type) is not null);

    /// <summary>The SDK handle base every table handle derives from (1.x RemoteTableHandle, 2.x RemoteTableHandleBase).</summary>
    private static INamedTypeSymbol? HandleBase(ITypeSymbol type) =>
        SymbolHelpers.FindSdkBase(type, "RemoteTableHandleBase") ?? SymbolHelpers.FindSdkBase(type, "RemoteTableHandle");

    private List<TableModel> ReadTables(INamedTypeSymbol tablesType)
    {
        var result = new List<TableModel>();
        foreach (var field in TableFields(tablesType).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            _ct.ThrowIfCancellationRequested();
            var handle = (INamedTypeSymbol)field.Type;
            var handleBase = HandleBase(handle)!;
            var rowType = handleBase.TypeArguments.OfType<INamedTypeSymbol>().FirstOrDefault(t => !SymbolHelpers.Implements(t, "IEventContext"));
            if (rowType is null)
            {
                Shape("a row type argument on the handle base of table '" + field.Name + "'", SymbolHelpers.DescribeType(handleBase));
                continue;
            }

            var isEvent = SymbolHelpers.FindSdkBase(handle, "RemoteEventTableHandle") is not null;
            var wireProperty = SymbolHelpers.MembersIncludingBases(handle, "RemoteTableName").FirstOrDefault(m => !m.IsAbstract);
            var wireName = wireProperty is null ? null : SymbolHelpers.ReadConstantString(wireProperty, _compilation, _ct, out var found0) ?? Unreadable("table", field.Name, "RemoteTableName", found0, wireProperty);
            if (wireProperty is null)
            {
                Unreadable("table", field.Name, "RemoteTableName", "no override", field);
            }

            var members = DataMembers.Of(rowType);
            var columns = members.Select(m => Field(m, "column '" + m.WireName + "' of table '" + field.Name + "'")).ToList();

            var primaryKey = -1;
            var getPrimaryKey = handle.GetMembers("GetPrimaryKey").OfType<IMethodSymbol>().FirstOrDefault(m => m.IsOverride);
            if (getPrimaryKey is not null)
            {
                var keyMember = SymbolHelpers.ReturnedMemberName(getPrimaryKey, _ct);
                primaryKey = members.FindIndex(m => m.MemberName == keyMember);
                if (primaryKey < 0)
                {
                    // The driver keys rows by value instead: a warning, never an error.
                    Unknown("primaryKey", field.Name, "GetPrimaryKey returns " + (keyMember is null ? "an expression that is not a column (row => row.Column)" : "'" + keyMember + "', not a column of " + rowType.Name) + "; rows are keyed by value", getPrimaryKey);
                }
                else if (members[primaryKey].Type.IsReferenceType && members[primaryKey].Type.NullableAnnotation == NullableAnnotation.Annotated)
                {
                    primaryKey = -1;
                }
            }

            var indexes = new List<IndexModel>();
            foreach (var indexField in handle.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && f.DeclaredAccessibility == Accessibility.Public).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var indexBase = SymbolHelpers.BaseTypes(indexField.Type).FirstOrDefault(b => b.ContainingType is not null && SymbolHelpers.IsInSdkNamespace(b.ContainingType) && b.OriginalDefinition.Name.EndsWith("IndexBase", StringComparison.Ordinal));
                if (indexBase is null)
                {
                    Unknown("member", field.Name + "." + indexField.Name, "public field of type " + SymbolHelpers.DescribeType(indexField.Type) + " on the table handle is not an index the generator knows", indexField);
                    continue;
                }

                var kind = indexBase.OriginalDefinition.Name;
                if (kind is not ("UniqueIndexBase" or "BTreeIndexBase"))
                {
                    Unknown("index", field.Name + "." + indexField.Name, "index kind '" + kind + "'", indexField);
                    continue;
                }

                var getKey = SymbolHelpers.MembersIncludingBases(indexField.Type, "GetKey").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsAbstract);
                var keyMembers = getKey is null ? null : SymbolHelpers.ReturnedMemberNames(getKey, _ct);
                var keyColumns = keyMembers?.Select(k => members.FindIndex(m => m.MemberName == k)).ToArray();
                if (keyColumns is null || keyColumns.Length == 0 || keyColumns.Any(c => c < 0))
                {
                    Unknown("index", field.Name + "." + indexField.Name, "GetKey is " + (getKey is null ? "missing" : "not row => row.Column or row => (row.A, row.B) over columns of " + rowType.Name), (ISymbol?)getKey ?? indexField);
                    continue;
                }

                indexes.Add(new IndexModel(indexField.Name, kind == "UniqueIndexBase", new EquatableArray<int>(keyColumns)));
            }

            bool HasEvent(string name) => SymbolHelpers.MembersIncludingBases(handle, name).Any(m => m is IEventSymbol && m.DeclaredAccessibility == Accessibility.Public);
            if (!HasEvent("OnInsert"))
            {
                Shape("an OnInsert event on table handle '" + handle.Name + "'", "none");
            }

            result.Add(new TableModel(
                field.Name,
                wireName ?? field.Name,
                rowType.ToDisplayString(SymbolHelpers.QualifiedNoAnnotations),
                isEvent,
                HasEvent("OnInsert"),
                HasEvent("OnUpdate"),
                HasEvent("OnDelete"),
                HasEvent("OnBeforeDelete"),
                SymbolHelpers.MembersIncludingBases(handle, "Iter").Any(m => m is IMethodSymbol { Parameters.Length: 0, DeclaredAccessibility: Accessibility.Public }),
                new EquatableArray<FieldModel>(columns),
                primaryKey,
                new EquatableArray<IndexModel>(indexes)));
        }

        return result;
    }

    private List<ReducerModel> ReadReducers(INamedTypeSymbol reducerType)
    {
        var remoteReducers = SymbolHelpers.MembersIncludingBases(_connection, "Reducers").Select(m => (m as IFieldSymbol)?.Type ?? (m as IPropertySymbol)?.Type).FirstOrDefault(t => t is not null);
        if (remoteReducers is null)
        {
            Shape("a public 'Reducers' member (RemoteReducers) on the connection", "none");
            return new List<ReducerModel>();
        }

        var result = new List<ReducerModel>();
        foreach (var args in reducerType.GetTypeMembers().Where(t => SymbolHelpers.Implements(t, "IReducerArgs")).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            _ct.ThrowIfCancellationRequested();
            var nameProperty = args.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => p.ExplicitInterfaceImplementations.Any(i => i.Name == "ReducerName"))
                ?? args.GetMembers("ReducerName").OfType<IPropertySymbol>().FirstOrDefault();
            string? wireName = null;
            if (nameProperty is null)
            {
                Unreadable("reducer", args.Name, "IReducerArgs.ReducerName", "no implementation", args);
            }
            else
            {
                wireName = SymbolHelpers.ReadConstantString(nameProperty, _compilation, _ct, out var found) ?? Unreadable("reducer", args.Name, "IReducerArgs.ReducerName", found, nameProperty);
            }

            var members = DataMembers.Of(args);
            var parameters = members.Select(m => Field(m, "parameter '" + m.WireName + "' of reducer '" + args.Name + "'")).ToList();

            var onEvent = remoteReducers.GetMembers("On" + args.Name).OfType<IEventSymbol>().FirstOrDefault();
            var invoke = (onEvent?.Type as INamedTypeSymbol)?.DelegateInvokeMethod;
            if (onEvent is not null && invoke is null)
            {
                Unknown("reducerEvent", "On" + args.Name, "event type " + SymbolHelpers.DescribeType(onEvent.Type) + " is not a delegate; the driver does not listen to it", onEvent);
            }

            var isLifecycle = !remoteReducers.GetMembers(args.Name).OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public);
            result.Add(new ReducerModel(
                args.Name,
                wireName ?? args.Name,
                args.ToDisplayString(SymbolHelpers.QualifiedNoAnnotations),
                isLifecycle,
                invoke is null ? null : onEvent!.Name,
                new EquatableArray<string>(invoke?.Parameters.Select(p => p.Type.ToDisplayString(SymbolHelpers.Qualified)) ?? Array.Empty<string>()),
                new EquatableArray<FieldModel>(parameters)));
        }

        return result;
    }

    /// <summary>2.x procedures (<c>Procedure.XArgs : IProcedureArgs</c>): recorded in the manifest; the driver never calls them.</summary>
    private List<ProcedureModel> ReadProcedures()
    {
        var result = new List<ProcedureModel>();
        var procedureBase = _connection.ContainingNamespace.GetTypeMembers("Procedure").FirstOrDefault();
        if (procedureBase is null)
        {
            return result;
        }

        var remoteProcedures = SymbolHelpers.MembersIncludingBases(_connection, "Procedures").Select(m => (m as IFieldSymbol)?.Type ?? (m as IPropertySymbol)?.Type).FirstOrDefault(t => t is not null);
        foreach (var args in procedureBase.GetTypeMembers().Where(t => SymbolHelpers.Implements(t, "IProcedureArgs")).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            _ct.ThrowIfCancellationRequested();
            var accessor = args.Name.EndsWith("Args", StringComparison.Ordinal) ? args.Name.Substring(0, args.Name.Length - 4) : args.Name;
            var nameProperty = args.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => p.ExplicitInterfaceImplementations.Any(i => i.Name == "ProcedureName"))
                ?? args.GetMembers("ProcedureName").OfType<IPropertySymbol>().FirstOrDefault();
            var found = "no implementation";
            var wireName = nameProperty is null ? null : SymbolHelpers.ReadConstantString(nameProperty, _compilation, _ct, out found);
            if (wireName is null)
            {
                Unknown("procedure", accessor, "IProcedureArgs.ProcedureName is " + found + ", not a constant string", (ISymbol?)nameProperty ?? args);
                continue;
            }

            var parameters = DataMembers.Of(args).Select(m => Field(m, "parameter '" + m.WireName + "' of procedure '" + accessor + "'")).ToList();
            string? returns = null;
            var method = remoteProcedures?.GetMembers(accessor).OfType<IMethodSymbol>().FirstOrDefault(m => m.DeclaredAccessibility == Accessibility.Public);
            if (method?.Parameters.LastOrDefault()?.Type is INamedTypeSymbol { TypeArguments.Length: 1 } callback && SymbolHelpers.IsSdkType(callback, "ProcedureCallback"))
            {
                returns = _types.Map(callback.TypeArguments[0], "return type of procedure '" + accessor + "'", method.Locations.FirstOrDefault(l => l.IsInSource) ?? _location);
            }

            result.Add(new ProcedureModel(accessor, wireName, new EquatableArray<FieldModel>(parameters), returns));
        }

        return result;
    }

    /// <summary>Records every <c>[SpacetimeDB.Type]</c> of the bindings' namespace in the typespace, used by a column or not.</summary>
    private void RecordModuleTypes()
    {
        foreach (var type in _connection.ContainingNamespace.GetTypeMembers()
            .Where(t => t.Locations.Any(l => l.IsInSource) && SymbolHelpers.HasAttribute(t, "TypeAttribute", SymbolHelpers.SdkNamespace))
            .Where(t => !SymbolHelpers.IsInSdkNamespace(t) || t.TypeKind == TypeKind.Enum || SymbolHelpers.HasAttribute(t, "DataContractAttribute"))
            .OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            _ct.ThrowIfCancellationRequested();
            _types.Map(type, "module type '" + type.Name + "'", type.Locations.FirstOrDefault(l => l.IsInSource) ?? _location);
        }
    }

    private FieldModel Field(DataMember member, string what)
    {
        var location = member.Symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? _location;
        var typeOf = member.Type.IsReferenceType ? member.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : member.Type;
        return new FieldModel(
            member.MemberName,
            member.WireName,
            typeOf.ToDisplayString(SymbolHelpers.QualifiedNoAnnotations),
            member.Type.ToDisplayString(SymbolHelpers.ManifestClr),
            member.Type.ToDisplayString(SymbolHelpers.Qualified),
            _types.Map(member.Type, what, location));
    }

    private string? Unreadable(string kind, string name, string member, string found, ISymbol at)
    {
        _failed = true;
        var location = at.Locations.FirstOrDefault(l => l.IsInSource) ?? _location;
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.WireNameUnreadable, location, kind, name, member, found));
        return null;
    }

    /// <summary>Metadata the driver does not need at run time: a warning and an <c>unknown</c> manifest entry, never an error.</summary>
    private void Unknown(string kind, string name, string detail, ISymbol at)
    {
        var location = at.Locations.FirstOrDefault(l => l.IsInSource) ?? _location;
        _unknown.Add(new UnknownModel(kind, name, detail));
        _diagnostics.Add(DiagnosticInfo.Create(Diagnostics.MetadataNotUnderstood, location, kind, name, detail));
    }

    /// <summary>The CLI version (and commit, when given) from the "This was generated using spacetimedb cli version X (commit Y)." header.</summary>
    private (string? Version, string? Commit) FindCliVersion(INamedTypeSymbol tablesType, INamedTypeSymbol reducerType)
    {
        foreach (var type in new[] { _connection, tablesType, reducerType })
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var header = reference.SyntaxTree.GetRoot(_ct).GetLeadingTrivia().ToFullString();
                if (ParseCliHeader(header) is { } found)
                {
                    return found;
                }
            }
        }

        return (null, null);
    }

    /// <summary>Reads the CLI version and commit from a file header; null when the header has no version line.</summary>
    internal static (string? Version, string? Commit)? ParseCliHeader(string header)
    {
        var match = CliVersionPattern.Match(header);
        if (!match.Success)
        {
            return null;
        }

        return (match.Groups[1].Value, match.Groups[2].Success ? match.Groups[2].Value : null);
    }
}
