using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Stdb.Compat.Schema.Fetching;
using Stdb.Compat.Schema.Model;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Testing.Schema;

/// <summary>
/// The live schema of a <see cref="SimulatedServer"/> database, as the schema route would serve it (the simulator has
/// no HTTP endpoint): tables with columns, primary keys, access and the event flag, and reducers, built directly as a
/// <see cref="ModuleSchema"/> from the published <see cref="SimModule"/>. Feeds the real schema checker in tests and the demo.
/// </summary>
public sealed class SimulatedModuleSchemaSource : IModuleSchemaSource
{
    private readonly SimulatedServer _server;
    private readonly string _database;

    /// <summary>Creates the source.</summary>
    /// <param name="server">The server.</param>
    /// <param name="databaseName">The database whose module is described.</param>
    public SimulatedModuleSchemaSource(SimulatedServer server, string databaseName)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _database = string.IsNullOrWhiteSpace(databaseName) ? throw new ArgumentException("A database name is required.", nameof(databaseName)) : databaseName;
    }

    /// <summary>How many times the schema was fetched.</summary>
    public int Fetches { get; private set; }

    /// <inheritdoc />
    public Task<FetchedModuleSchema> FetchAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Fetches++;
        if (!_server.HasDatabase(_database))
        {
            throw new SchemaFetchException(SchemaFetchFailure.DatabaseNotFound, $"The simulated server has no database '{_database}'.");
        }

        var schema = _server.Read(() => Describe(_server.DatabaseState(_database)));
        var version = schema.Source == SchemaSource.ModuleDefV10 ? 10 : 9;
        return Task.FromResult(new FetchedModuleSchema(schema, version, _server.Version, string.Empty));
    }

    private static ModuleSchema Describe(DatabaseState db)
    {
        var tables = new List<TableSchema>();
        foreach (var name in db.TableOrder)
        {
            var def = db.Tables[name].Def;
            tables.Add(new TableSchema
            {
                Name = def.Name,
                Columns = def.Columns.Select((c, i) => new ColumnSchema(i, c.Name, ToAlgebraic(c.Type))).ToArray(),
                PrimaryKey = def.HasPrimaryKey ? new[] { def.PrimaryKeyIndex } : Array.Empty<int>(),
                Access = def.IsPublic ? TableAccess.Public : TableAccess.Private,
                IsEvent = def.IsEvent,
                Kind = TableKind.User,
            });
        }

        var reducers = db.Reducers.Values.OrderBy(r => r.Id).Select(r => new ReducerSchema
        {
            Name = r.Def.Name,
            Parameters = r.Def.Params.Select((p, i) => new ColumnSchema(i, p.Name, ToAlgebraic(p.Type))).ToArray(),
        }).ToArray();

        var v10 = db.ModuleVersion == ModuleDefVersion.V10;
        return new ModuleSchema
        {
            Source = v10 ? SchemaSource.ModuleDefV10 : SchemaSource.ModuleDefV9,
            Facets = SchemaFacets.Access | SchemaFacets.PrimaryKeys | (v10 ? SchemaFacets.EventFlag : SchemaFacets.None),
            Tables = tables,
            Reducers = reducers,
        };
    }

    /// <summary>The SATS type a simulated type stands for.</summary>
    internal static AlgebraicType ToAlgebraic(SimType type) => type.Kind switch
    {
        SimTypeKind.U8 => AlgebraicType.Primitive(AlgebraicTypeKind.U8),
        SimTypeKind.U16 => AlgebraicType.Primitive(AlgebraicTypeKind.U16),
        SimTypeKind.U32 => AlgebraicType.Primitive(AlgebraicTypeKind.U32),
        SimTypeKind.U64 => AlgebraicType.Primitive(AlgebraicTypeKind.U64),
        SimTypeKind.U128 => AlgebraicType.Primitive(AlgebraicTypeKind.U128),
        SimTypeKind.U256 => AlgebraicType.Primitive(AlgebraicTypeKind.U256),
        SimTypeKind.I8 => AlgebraicType.Primitive(AlgebraicTypeKind.I8),
        SimTypeKind.I16 => AlgebraicType.Primitive(AlgebraicTypeKind.I16),
        SimTypeKind.I32 => AlgebraicType.Primitive(AlgebraicTypeKind.I32),
        SimTypeKind.I64 => AlgebraicType.Primitive(AlgebraicTypeKind.I64),
        SimTypeKind.I128 => AlgebraicType.Primitive(AlgebraicTypeKind.I128),
        SimTypeKind.F32 => AlgebraicType.Primitive(AlgebraicTypeKind.F32),
        SimTypeKind.F64 => AlgebraicType.Primitive(AlgebraicTypeKind.F64),
        SimTypeKind.Bool => AlgebraicType.Primitive(AlgebraicTypeKind.Bool),
        SimTypeKind.String => AlgebraicType.Primitive(AlgebraicTypeKind.String),
        SimTypeKind.Identity => AlgebraicType.Product(new AlgebraicTypeMember("__identity__", AlgebraicType.Primitive(AlgebraicTypeKind.U256))),
        SimTypeKind.ConnectionId => AlgebraicType.Product(new AlgebraicTypeMember("__connection_id__", AlgebraicType.Primitive(AlgebraicTypeKind.U128))),
        SimTypeKind.Timestamp => AlgebraicType.Product(new AlgebraicTypeMember("__timestamp_micros_since_unix_epoch__", AlgebraicType.Primitive(AlgebraicTypeKind.I64))),
        SimTypeKind.Array => AlgebraicType.Array(ToAlgebraic(type.Element!)),
        SimTypeKind.Option => AlgebraicType.Option(ToAlgebraic(type.Element!)),
        SimTypeKind.Product => AlgebraicType.Product(type.Members.Select(m => new AlgebraicTypeMember(m.Name, ToAlgebraic(m.Type)))),
        SimTypeKind.Sum => AlgebraicType.Sum(type.Members.Select(m => new AlgebraicTypeMember(m.Name, ToAlgebraic(m.Type)))),
        _ => throw new NotSupportedException($"Simulated type {type.Kind} has no SATS counterpart."),
    };
}
