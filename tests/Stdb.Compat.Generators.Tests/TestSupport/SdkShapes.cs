namespace Stdb.Compat.Generators.Tests.TestSupport;

/// <summary>
/// Minimal in-memory SDK surfaces for the shapes no stand-in assembly covers: SDK 1.0 (GUESS, its source is not in the
/// mirror: field-like nullable row events, a public InternalCallReducer, no WithConfirmedReads, no typed queries),
/// SDK 1.3 (as v1.3.0 sdks/csharp/src: InternalCallReducer(args, flags) only as an explicit IDbConnection member, row
/// events with add/remove accessors, no WithConfirmedReads) and SDK 2.0 (as v2.0.0: split table handles, event tables,
/// protected RemoteTableName, explicit IDbConnection.InternalCallReducer(args), WithConfirmedReads), plus small
/// bindings in the shape the codegen emits.
/// </summary>
internal static class SdkShapes
{
    public enum Shape
    {
        Sdk10,
        Sdk13,
        Sdk20,
    }

    public static (string Path, string Text) Sdk(Shape shape)
    {
        var v1 = shape != Shape.Sdk20;
        var text = """
            #nullable enable
            #pragma warning disable CS0067 // 1.0 field-like events are raised by the real SDK's internals, not here.
            using System;
            namespace SpacetimeDB.BSATN { public interface IStructuralReadWrite { } }
            namespace SpacetimeDB
            {
                [AttributeUsage(AttributeTargets.All)] public sealed class TypeAttribute : Attribute { }
                public readonly record struct Identity(ulong Value);
                public readonly record struct ConnectionId(ulong Value);
                public record struct Timestamp(long MicrosecondsSinceUnixEpoch);
                public enum Compression { None, Brotli, Gzip }
                public interface IEventContext { }
                public interface IReducerEventContext { }
                public interface ISubscriptionEventContext { }
                public interface IErrorContext { Exception Event { get; } }
                public interface IReducerArgs : BSATN.IStructuralReadWrite { string ReducerName { get; } }
                public sealed class DbConnectionBuilder<DbConnection> where DbConnection : IDbConnection, new()
                {
                    public DbConnection Build() => new();
                    public DbConnectionBuilder<DbConnection> WithUri(string uri) => this;
                    public DbConnectionBuilder<DbConnection> WithToken(string? token) => this;
                    public DbConnectionBuilder<DbConnection> WithCompression(Compression compression) => this;
                    public DbConnectionBuilder<DbConnection> WithLightMode(bool light) => this;
                    public delegate void ConnectCallback(DbConnection conn, Identity identity, string token);
                    public DbConnectionBuilder<DbConnection> OnConnect(ConnectCallback cb) => this;
                    public delegate void ConnectErrorCallback(Exception e);
                    public DbConnectionBuilder<DbConnection> OnConnectError(ConnectErrorCallback cb) => this;
                    public delegate void DisconnectCallback(DbConnection conn, Exception? e);
                    public DbConnectionBuilder<DbConnection> OnDisconnect(DisconnectCallback cb) => this;
                    /*BUILDER*/
                }
                public abstract class RemoteBase { protected readonly IDbConnection conn; protected RemoteBase(IDbConnection conn) { this.conn = conn; } }
                public abstract class RemoteTablesBase { }
                public abstract record Status
                {
                    private Status() { }
                    public sealed record Committed(int Committed_) : Status;
                    public sealed record Failed(string Failed_) : Status;
                    public sealed record OutOfEnergy(int OutOfEnergy_) : Status;
                }
                public record ReducerEvent<R>(Timestamp Timestamp, Status Status, Identity CallerIdentity, ConnectionId? CallerConnectionId, ulong? EnergyConsumed, R Reducer);
                public record Event<R>
                {
                    private Event() { }
                    public record Reducer(ReducerEvent<R> ReducerEvent) : Event<R>;
                    public record SubscribeApplied : Event<R>;
                    public record UnsubscribeApplied : Event<R>;
                    public record SubscribeError(Exception Exception) : Event<R>;
                    public record UnknownTransaction : Event<R>;
                    /*EVENT*/
                }
                public class SubscriptionHandleBase<SubscriptionEventContext, ErrorContext>
                    where SubscriptionEventContext : ISubscriptionEventContext where ErrorContext : IErrorContext
                {
                    public bool IsEnded => false;
                    public bool IsActive => false;
                    public void UnsubscribeThen(Action<SubscriptionEventContext>? onEnded) { }
                }
                public abstract class DbConnectionBase<DbConnection, Tables, Reducer> : IDbConnection
                    where DbConnection : DbConnectionBase<DbConnection, Tables, Reducer>, new() where Tables : RemoteTablesBase
                {
                    public static DbConnectionBuilder<DbConnection> Builder() => new();
                    public readonly ConnectionId ConnectionId = new(1);
                    public Identity? Identity { get; private set; }
                    public abstract Tables Db { get; }
                    public bool IsActive => false;
                    public void FrameTick() { }
                    public void Disconnect() { }
                    /*CONNECTION*/
                }
                /*SHAPE*/
            }
            """;
        const string Handle10 = """
                public enum CallReducerFlags : byte { FullUpdate = 0, NoSuccessNotify = 1 }
                public interface IDbConnection { void FrameTick(); void Disconnect(); void InternalCallReducer<T>(T args, CallReducerFlags flags) where T : IReducerArgs, new(); }
                public abstract class RemoteTableHandle<EventContext, Row> : RemoteBase
                    where EventContext : class, IEventContext where Row : class, BSATN.IStructuralReadWrite, new()
                {
                    public abstract class IndexBase<Column> where Column : IEquatable<Column> { protected abstract Column GetKey(Row row); }
                    public abstract class UniqueIndexBase<Column> : IndexBase<Column> where Column : IEquatable<Column> { public UniqueIndexBase(RemoteTableHandle<EventContext, Row> table) { } }
                    public abstract class BTreeIndexBase<Column> : IndexBase<Column> where Column : IEquatable<Column>, IComparable<Column> { public BTreeIndexBase(RemoteTableHandle<EventContext, Row> table) { } }
                    protected abstract string RemoteTableName { get; }
                    public RemoteTableHandle(IDbConnection conn) : base(conn) { }
                    protected virtual object? GetPrimaryKey(Row row) => null;
                    public delegate void RowEventHandler(EventContext context, Row row);
                    public delegate void UpdateEventHandler(EventContext context, Row oldRow, Row newRow);
                    public event RowEventHandler? OnInsert;
                    public event RowEventHandler? OnDelete;
                    public event RowEventHandler? OnBeforeDelete;
                    public event UpdateEventHandler? OnUpdate;
                }
            """;
        const string Handle20 = """
                public interface IDbConnection { void FrameTick(); void Disconnect(); void InternalCallReducer<T>(T args) where T : IReducerArgs, new(); }
                public interface IQuery<TRow> { string ToSql(); }
                public readonly struct Query<TRow> : IQuery<TRow> { public Query(string sql) { Sql = sql; } public string Sql { get; } public string ToSql() => Sql; }
                public abstract class RemoteTableHandleBase<EventContext, Row> : RemoteBase
                    where EventContext : class, IEventContext where Row : class, BSATN.IStructuralReadWrite, new()
                {
                    public abstract class IndexBase<Column> where Column : IEquatable<Column> { protected abstract Column GetKey(Row row); }
                    public abstract class UniqueIndexBase<Column> : IndexBase<Column> where Column : IEquatable<Column> { public UniqueIndexBase(RemoteTableHandleBase<EventContext, Row> table) { } }
                    public abstract class BTreeIndexBase<Column> : IndexBase<Column> where Column : IEquatable<Column>, IComparable<Column> { public BTreeIndexBase(RemoteTableHandleBase<EventContext, Row> table) { } }
                    protected abstract string RemoteTableName { get; }
                    public RemoteTableHandleBase(IDbConnection conn, bool isEventTable = false) : base(conn) { }
                    protected virtual object? GetPrimaryKey(Row row) => null;
                    public delegate void RowEventHandler(EventContext context, Row row);
                    public delegate void UpdateEventHandler(EventContext context, Row oldRow, Row newRow);
                    public event RowEventHandler OnInsert { add { } remove { } }
                }
                public abstract class RemoteTableHandle<EventContext, Row> : RemoteTableHandleBase<EventContext, Row>
                    where EventContext : class, IEventContext where Row : class, BSATN.IStructuralReadWrite, new()
                {
                    protected RemoteTableHandle(IDbConnection conn) : base(conn) { }
                    public event RowEventHandler OnDelete { add { } remove { } }
                    public event RowEventHandler OnBeforeDelete { add { } remove { } }
                    public event UpdateEventHandler OnUpdate { add { } remove { } }
                }
                public abstract class RemoteEventTableHandle<EventContext, Row> : RemoteTableHandleBase<EventContext, Row>
                    where EventContext : class, IEventContext where Row : class, BSATN.IStructuralReadWrite, new()
                {
                    protected RemoteEventTableHandle(IDbConnection conn) : base(conn, true) { }
                }
            """;
        text = text
            .Replace("/*BUILDER*/", v1
                ? "public DbConnectionBuilder<DbConnection> WithModuleName(string nameOrAddress) => this;"
                : "public DbConnectionBuilder<DbConnection> WithDatabaseName(string nameOrAddress) => this;\n        public DbConnectionBuilder<DbConnection> WithConfirmedReads(bool confirmedReads) => this;", System.StringComparison.Ordinal)
            .Replace("/*EVENT*/", v1 ? string.Empty : "public record Transaction : Event<R>;", System.StringComparison.Ordinal)
            .Replace("/*CONNECTION*/", shape switch
            {
                Shape.Sdk10 => "public void InternalCallReducer<T>(T args, CallReducerFlags flags) where T : IReducerArgs, new() { }",
                Shape.Sdk13 => "void IDbConnection.InternalCallReducer<T>(T args, CallReducerFlags flags) { }",
                _ => "void IDbConnection.InternalCallReducer<T>(T args) { }",
            }, System.StringComparison.Ordinal)
            .Replace("/*SHAPE*/", shape switch
            {
                Shape.Sdk10 => Handle10,
                Shape.Sdk13 => Handle10
                    .Replace("public event RowEventHandler? OnInsert;", "public event RowEventHandler OnInsert { add { } remove { } }", System.StringComparison.Ordinal)
                    .Replace("public event RowEventHandler? OnDelete;", "public event RowEventHandler OnDelete { add { } remove { } }", System.StringComparison.Ordinal)
                    .Replace("public event RowEventHandler? OnBeforeDelete;", "public event RowEventHandler OnBeforeDelete { add { } remove { } }", System.StringComparison.Ordinal)
                    .Replace("public event UpdateEventHandler? OnUpdate;", "public event UpdateEventHandler OnUpdate { add { } remove { } }", System.StringComparison.Ordinal),
                _ => Handle20,
            }, System.StringComparison.Ordinal);
        return ("Sdk/" + shape + ".cs", text);
    }

    /// <summary>Bindings in the codegen's shape for <paramref name="shape"/>, in namespace <paramref name="ns"/>.</summary>
    /// <param name="shape">SDK shape.</param>
    /// <param name="ns">The <c>--namespace</c> of the bindings.</param>
    /// <param name="tableNameBody">Body of the player handle's RemoteTableName (to break it on purpose).</param>
    /// <param name="primaryKeyBody">Body of the player handle's GetPrimaryKey.</param>
    /// <param name="extraColumn">An extra player column declaration, e.g. of an unmapped type.</param>
    /// <param name="oddKeyBody">When given, adds a BTree index <c>Odd</c> whose GetKey returns this expression.</param>
    public static (string Path, string Text) Bindings(Shape shape, string ns = "SpacetimeDB.Types", string tableNameBody = "\"player\"", string primaryKeyBody = "row.Id", string extraColumn = "", string? oddKeyBody = null)
    {
        var v1 = shape != Shape.Sdk20;
        var version = shape switch { Shape.Sdk10 => "1.0.0", Shape.Sdk13 => "1.3.0", _ => "2.0.0" };
        var reducerName = v1 ? "SetName" : "set_name";
        var text = $$"""
            // THIS FILE IS AUTOMATICALLY GENERATED BY SPACETIMEDB. EDITS TO THIS FILE
            // WILL NOT BE SAVED. MODIFY TABLES IN YOUR MODULE SOURCE CODE INSTEAD.

            // This was generated using spacetimedb cli version {{version}}.

            #nullable enable

            using System;
            using System.Collections.Generic;
            using System.Runtime.Serialization;
            using SpacetimeDB;

            namespace {{ns}}
            {
                [SpacetimeDB.Type]
                public enum PlayerStatus { Active, Banned }

                [SpacetimeDB.Type]
                [DataContract]
                public sealed partial class Player : SpacetimeDB.BSATN.IStructuralReadWrite
                {
                    [DataMember(Name = "id")] public ulong Id;
                    [DataMember(Name = "name")] public string Name = "";
                    [DataMember(Name = "level")] public uint Level;
                    [DataMember(Name = "nickname")] public string? Nickname;
                    [DataMember(Name = "owner")] public SpacetimeDB.Identity Owner;
                    [DataMember(Name = "status")] public PlayerStatus Status;
                    [DataMember(Name = "tags")] public List<string> Tags = new();
                    {{extraColumn}}
                }

                [SpacetimeDB.Type]
                [DataContract]
                public sealed partial class DamageEvent : SpacetimeDB.BSATN.IStructuralReadWrite
                {
                    [DataMember(Name = "target")] public ulong Target;
                    [DataMember(Name = "amount")] public int Amount;
                }

                public sealed class EventContext : IEventContext { public readonly Event<Reducer> Event = null!; }
                public sealed class ReducerEventContext : IReducerEventContext { public readonly ReducerEvent<Reducer> Event = null!; }
                public sealed class SubscriptionEventContext : ISubscriptionEventContext { }
                public sealed class ErrorContext : IErrorContext { public Exception Event => new InvalidOperationException(); }

                public sealed partial class RemoteTables : RemoteTablesBase
                {
                    public sealed class PlayerHandle : RemoteTableHandle<EventContext, Player>
                    {
                        protected override string RemoteTableName => {{tableNameBody}};

                        public sealed class IdUniqueIndex : UniqueIndexBase<ulong>
                        {
                            protected override ulong GetKey(Player row) => row.Id;
                            public IdUniqueIndex(PlayerHandle table) : base(table) { }
                        }

                        public readonly IdUniqueIndex Id;

                        public sealed class LevelIndex : BTreeIndexBase<uint>
                        {
                            protected override uint GetKey(Player row) => row.Level;
                            public LevelIndex(PlayerHandle table) : base(table) { }
                        }

                        public readonly LevelIndex Level;

                        public sealed class LevelAndNameIndex : BTreeIndexBase<(uint Level, string Name)>
                        {
                            protected override (uint Level, string Name) GetKey(Player row) => (row.Level, row.Name);
                            public LevelAndNameIndex(PlayerHandle table) : base(table) { }
                        }

                        public readonly LevelAndNameIndex LevelAndName;
                        {{(oddKeyBody is null ? string.Empty : "public sealed class OddIndex : BTreeIndexBase<uint> { protected override uint GetKey(Player row) => " + oddKeyBody + "; public OddIndex(PlayerHandle table) : base(table) { } }\n            public readonly OddIndex Odd;")}}

                        internal PlayerHandle(DbConnection conn) : base(conn) { Id = new(this); Level = new(this); LevelAndName = new(this); {{(oddKeyBody is null ? string.Empty : "Odd = new(this);")}} }

                        protected override object GetPrimaryKey(Player row) => {{primaryKeyBody}};
                    }

                    public readonly PlayerHandle Player;
                    {{(v1 ? string.Empty : """
                    public sealed class DamageEventHandle : RemoteEventTableHandle<EventContext, DamageEvent>
                    {
                        protected override string RemoteTableName => "damage_event";
                        internal DamageEventHandle(DbConnection conn) : base(conn) { }
                    }

                    public readonly DamageEventHandle DamageEvent;
            """)}}

                    public RemoteTables(DbConnection conn)
                    {
                        Player = new(conn);
                        {{(v1 ? string.Empty : "DamageEvent = new(conn);")}}
                    }
                }

                public abstract partial class Reducer
                {
                    private Reducer() { }

                    [SpacetimeDB.Type]
                    [DataContract]
                    public sealed partial class SetName : Reducer, IReducerArgs
                    {
                        [DataMember(Name = "name")] public string Name = "";
                        public SetName() { }
                        public SetName(string Name) { this.Name = Name; }
                        string IReducerArgs.ReducerName => "{{reducerName}}";
                    }

                    [SpacetimeDB.Type]
                    [DataContract]
                    public sealed partial class IdentityConnected : Reducer, IReducerArgs
                    {
                        string IReducerArgs.ReducerName => "identity_connected";
                    }
                }

                public sealed partial class RemoteReducers : RemoteBase
                {
                    internal RemoteReducers(DbConnection conn) : base(conn) { }
                    public delegate void SetNameHandler(ReducerEventContext ctx, string name);
                    public event SetNameHandler? OnSetName;
                    public void SetName(string name) { }
                    public delegate void IdentityConnectedHandler(ReducerEventContext ctx);
                    public event IdentityConnectedHandler? OnIdentityConnected;
                    internal void Touch(ReducerEventContext ctx) { OnSetName?.Invoke(ctx, ""); OnIdentityConnected?.Invoke(ctx); }
                }

                public sealed class SubscriptionBuilder
                {
                    public SubscriptionBuilder OnApplied(Action<SubscriptionEventContext> callback) => this;
                    public SubscriptionBuilder OnError(Action<ErrorContext, Exception> callback) => this;
                    public SubscriptionHandle Subscribe(string[] querySqls) => new();
                }

                public sealed class SubscriptionHandle : SubscriptionHandleBase<SubscriptionEventContext, ErrorContext> { }

                public sealed class DbConnection : DbConnectionBase<DbConnection, RemoteTables, Reducer>
                {
                    public override RemoteTables Db { get; }
                    public readonly RemoteReducers Reducers;
                    public DbConnection() { Db = new(this); Reducers = new(this); }
                    public SubscriptionBuilder SubscriptionBuilder() => new();
                }
            }
            """;
        return ("Bindings/" + ns + "/" + shape + ".g.cs", text);
    }
}
