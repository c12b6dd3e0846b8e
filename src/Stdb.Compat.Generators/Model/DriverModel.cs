namespace Stdb.Compat.Generators.Model;

/// <summary>A column of a row type or a parameter of a reducer.</summary>
/// <param name="MemberName">C# member name.</param>
/// <param name="WireName">The <c>DataMember</c> name.</param>
/// <param name="TypeOfName">Fully qualified type for <c>typeof</c> (no nullable annotation).</param>
/// <param name="ClrTypeName">The C# type as the manifest records it.</param>
/// <param name="ParameterTypeName">Fully qualified type with nullable annotation.</param>
/// <param name="AlgebraicTypeJson">SATS JSON of the type.</param>
internal sealed record FieldModel(string MemberName, string WireName, string TypeOfName, string ClrTypeName, string ParameterTypeName, string AlgebraicTypeJson);

/// <summary>An index accessor of a table handle.</summary>
internal sealed record IndexModel(string AccessorName, bool IsUnique, EquatableArray<int> Columns);

/// <summary>One table handle on <c>RemoteTables</c>.</summary>
internal sealed record TableModel(
    string AccessorName,
    string WireName,
    string RowTypeName,
    bool IsEvent,
    bool HasOnInsert,
    bool HasOnUpdate,
    bool HasOnDelete,
    bool HasOnBeforeDelete,
    bool HasIter,
    EquatableArray<FieldModel> Columns,
    int PrimaryKeyIndex,
    EquatableArray<IndexModel> Indexes);

/// <summary>One reducer of the bindings.</summary>
internal sealed record ReducerModel(
    string AccessorName,
    string WireName,
    string ArgsTypeName,
    bool IsLifecycle,
    string? EventName,
    EquatableArray<string> HandlerParameterTypes,
    EquatableArray<FieldModel> Parameters);

/// <summary>A procedure of the bindings (2.x; recorded in the manifest, never called by the driver).</summary>
internal sealed record ProcedureModel(string AccessorName, string WireName, EquatableArray<FieldModel> Parameters, string? ReturnAlgebraicTypeJson);

/// <summary>Bindings metadata the generator did not understand (reported as a warning, recorded as <c>unknown</c>).</summary>
internal sealed record UnknownModel(string Kind, string Name, string Detail);

/// <summary>A named type of the typespace.</summary>
internal sealed record NamedTypeModel(string Name, string ClrType, int TypeRef);

/// <summary>Everything the emitter needs for one driver; value-equatable, free of symbols.</summary>
internal sealed record DriverModel
{
    public string Namespace { get; init; } = string.Empty;
    public string ClassName { get; init; } = string.Empty;
    public string HintName { get; init; } = string.Empty;
    public string ConnectionTypeName { get; init; } = string.Empty;
    public string ConnectionDisplayName { get; init; } = string.Empty;
    public string DbConnectionInterfaceName { get; init; } = "global::SpacetimeDB.IDbConnection";
    public LocationInfo? Location { get; init; }
    public int SdkMajor { get; init; }
    public string? CliVersion { get; init; }
    public string? CliCommit { get; init; }
    public string DatabaseNameMethod { get; init; } = string.Empty;
    public bool HasLightMode { get; init; }
    public bool HasConfirmedReads { get; init; }
    public bool HasCompression { get; init; }
    public string CompressionTypeName { get; init; } = string.Empty;
    public EquatableArray<string> CompressionMembers { get; init; } = EquatableArray<string>.Empty;
    public bool TypedQueries { get; init; }
    public bool ReducerFlags { get; init; }
    public string? CallReducerFlagsArgument { get; init; }
    public bool EventTables { get; init; }
    public string ReducerBaseTypeName { get; init; } = string.Empty;
    public string EventTypeName { get; init; } = string.Empty;
    public EquatableArray<string> EventVariants { get; init; } = EquatableArray<string>.Empty;
    public string ReducerEventTypeName { get; init; } = string.Empty;
    public string StatusTypeName { get; init; } = string.Empty;
    public EquatableArray<string> StatusVariants { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> ConnectParameterTypes { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<string> DisconnectParameterTypes { get; init; } = EquatableArray<string>.Empty;
    public string ConnectErrorParameterType { get; init; } = "global::System.Exception";
    public string SubscriptionHandleTypeName { get; init; } = string.Empty;
    public string ReducerArgsInterfaceName { get; init; } = "global::SpacetimeDB.IReducerArgs";
    public EquatableArray<TableModel> Tables { get; init; } = EquatableArray<TableModel>.Empty;
    public EquatableArray<ReducerModel> Reducers { get; init; } = EquatableArray<ReducerModel>.Empty;
    public EquatableArray<ProcedureModel> Procedures { get; init; } = EquatableArray<ProcedureModel>.Empty;
    public EquatableArray<UnknownModel> Unknown { get; init; } = EquatableArray<UnknownModel>.Empty;
    public EquatableArray<string> Typespace { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<NamedTypeModel> NamedTypes { get; init; } = EquatableArray<NamedTypeModel>.Empty;
}

/// <summary>What the extraction stage yields for one marked class: a model, diagnostics, or both.</summary>
internal sealed record ExtractResult(DriverModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
