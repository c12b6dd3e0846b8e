using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Driver;
using Stdb.Compat.Testing.Server;

namespace Stdb.Compat.Chaos.Tests;

public sealed record Item(ulong Id, ulong Owner, uint Value);

public sealed record Tag(ulong Item, string Label);

public sealed record SetItem(ulong Id, uint Value);

public sealed record AddValue(ulong Id, uint Delta);

public sealed record DeleteItem(ulong Id);

/// <summary>The module the chaos schedules run: a keyed table, an unkeyed table and four reducers.</summary>
public static class ChaosModule
{
    public const string Database = "chaos";

    /// <summary>Generation 1, or generation 2 with a column appended to <c>item</c> (a client-breaking publish).</summary>
    public static SimModule Define(bool withNote = false) => SimModule.Define(ModuleDefVersion.V10)
        .Table("item", t =>
        {
            t.Column("id", SimType.U64).Column("owner", SimType.U64).Column("value", SimType.U32).PrimaryKey("id");
            if (withNote)
            {
                t.Column("note", SimType.Option(SimType.String)).Default("note", null);
            }
        })
        .Table("tag", t => t.Column("item", SimType.U64).Column("label", SimType.String))
        .Reducer("set_item", p => p.Param("id", SimType.U64).Param("value", SimType.U32), (ctx, args) =>
        {
            var items = ctx.Table("item");
            var id = args.Get<ulong>(0);
            var row = withNote ? new SimRow(id, 1UL, args.Get<uint>(1), null) : new SimRow(id, 1UL, args.Get<uint>(1));
            if (items.Find(id) is null)
            {
                items.Insert(row);
            }
            else
            {
                items.Update(row);
            }
        })
        .Reducer("add_value", p => p.Param("id", SimType.U64).Param("delta", SimType.U32), (ctx, args) =>
        {
            var items = ctx.Table("item");
            var row = items.Find(args.Get<ulong>(0)) ?? throw new ReducerFailedException("no such item");
            items.Update(row.With("value", row.Get<uint>("value") + args.Get<uint>(1)));
        })
        .Reducer("delete_item", p => p.Param("id", SimType.U64), (ctx, args) =>
        {
            if (!ctx.Table("item").DeleteByKey(args.Get<ulong>(0)))
            {
                throw new ReducerFailedException("no such item");
            }
        });

    /// <summary>The app's generation-1 bindings (SDK 2.x shape).</summary>
    public static SimulatedDriver Driver(int seed) => SimulatedDriver.Create(2).WithSeed(seed)
        .Table<Item, ulong>(
            "item",
            new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("owner", SimType.U64), SimColumn.Of("value", SimType.U32) },
            r => new Item(r.Get<ulong>(0), r.Get<ulong>(1), r.Get<uint>(2)),
            i => i.Id)
        .Table<Tag>("tag", new[] { SimColumn.Of("item", SimType.U64), SimColumn.Of("label", SimType.String) }, r => new Tag(r.Get<ulong>(0), r.Get<string>(1)))
        .Reducer<SetItem>("set_item", new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("value", SimType.U32) }, a => new SimRow(a.Id, a.Value), r => new SetItem(r.Get<ulong>(0), r.Get<uint>(1)))
        .Reducer<AddValue>("add_value", new[] { SimColumn.Of("id", SimType.U64), SimColumn.Of("delta", SimType.U32) }, a => new SimRow(a.Id, a.Delta), r => new AddValue(r.Get<ulong>(0), r.Get<uint>(1)))
        .Reducer<DeleteItem>("delete_item", new[] { SimColumn.Of("id", SimType.U64) }, a => new SimRow(a.Id), r => new DeleteItem(r.Get<ulong>(0)))
        .Build();

    /// <summary>The generation-1 bindings manifest, as the generator would emit it (the expected side of the schema check).</summary>
    public const string ManifestJson = """
        {
          "formatVersion": 1, "sdkMajor": 2, "wireNamePolicy": "SnakeCase", "moduleName": "chaos", "typespace": [],
          "tables": [
            { "wireName": "item", "accessorName": "Item", "columns": [
                { "position": 0, "name": "id", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 1, "name": "owner", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 2, "name": "value", "clrType": "uint", "algebraicType": { "U32": [] } } ],
              "primaryKey": [0] },
            { "wireName": "tag", "accessorName": "Tag", "columns": [
                { "position": 0, "name": "item", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 1, "name": "label", "clrType": "string", "algebraicType": { "String": [] } } ],
              "primaryKey": [] }
          ],
          "reducers": [
            { "wireName": "set_item", "accessorName": "SetItem", "parameters": [
                { "position": 0, "name": "id", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 1, "name": "value", "clrType": "uint", "algebraicType": { "U32": [] } } ] },
            { "wireName": "add_value", "accessorName": "AddValue", "parameters": [
                { "position": 0, "name": "id", "clrType": "ulong", "algebraicType": { "U64": [] } },
                { "position": 1, "name": "delta", "clrType": "uint", "algebraicType": { "U32": [] } } ] },
            { "wireName": "delete_item", "accessorName": "DeleteItem", "parameters": [
                { "position": 0, "name": "id", "clrType": "ulong", "algebraicType": { "U64": [] } } ] }
          ]
        }
        """;
}
