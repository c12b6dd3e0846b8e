using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Stdb.Compat.Testing.Bsatn;
using Stdb.Compat.Testing.Server;
using Stdb.Compat.Testing.Sql;

namespace Stdb.Compat.Testing.Host.Http;

/// <summary>
/// The body of <c>GET /v1/database/{name}/schema?version=9|10</c>: the simulated module as SATS-JSON
/// <c>RawModuleDefV9</c> / <c>RawModuleDefV10</c> (<c>crates/client-api/src/routes/database.rs</c> <c>schema</c> at
/// v2.8.0 serialises the raw module def with <c>sats::serde::SerdeWrapper</c>; the field names follow
/// <c>crates/lib/src/db/raw_def/v9.rs</c> and <c>v10.rs</c>). What the simulator does not model is filled in the way
/// a C# module's generated definition looks: GUESS — one typespace entry per table row type, named after the table;
/// a primary key gets a BTree index <c>{table}_{column}_idx_btree</c> and a unique constraint <c>{table}_{column}_key</c>;
/// an auto-increment column a sequence <c>{table}_{column}_seq</c>; reducers are client-callable, no lifecycle.
/// </summary>
internal static class ModuleDefJsonWriter
{
    public static string Write(DatabaseState db, int version)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            if (version == 10)
            {
                WriteV10(w, db);
            }
            else
            {
                WriteV9(w, db);
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteV9(Utf8JsonWriter w, DatabaseState db)
    {
        w.WriteStartObject();
        w.WritePropertyName("typespace");
        Typespace(w, db);
        w.WriteStartArray("tables");
        for (int i = 0; i < db.TableOrder.Count; i++)
        {
            TableDef t = db.Tables[db.TableOrder[i]].Def;
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            TableBody(w, t, i, "name");
            w.WritePropertyName("schedule");
            None(w);
            TableKinds(w, t);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("reducers");
        foreach (var (def, _) in db.Reducers.Values.OrderBy(r => r.Id))
        {
            w.WriteStartObject();
            w.WriteString("name", def.Name);
            w.WritePropertyName("params");
            Product(w, def.Params);
            w.WritePropertyName("lifecycle");
            None(w);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("types");
        for (int i = 0; i < db.TableOrder.Count; i++)
        {
            w.WriteStartObject();
            w.WriteStartObject("name");
            w.WriteStartArray("scope");
            w.WriteEndArray();
            w.WriteString("name", db.TableOrder[i]);
            w.WriteEndObject();
            w.WriteNumber("ty", i);
            w.WriteBoolean("custom_ordering", true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("misc_exports");
        foreach (string table in db.TableOrder)
        {
            TableDef t = db.Tables[table].Def;
            foreach (var (column, value) in Defaults(t))
            {
                w.WriteStartObject();
                w.WriteStartObject("ColumnDefaultValue");
                w.WriteString("table", t.Name);
                w.WriteNumber("col_id", column);
                w.WriteString("value", value);
                w.WriteEndObject();
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("row_level_security");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteV10(Utf8JsonWriter w, DatabaseState db)
    {
        w.WriteStartObject();
        w.WriteStartArray("sections");

        w.WriteStartObject();
        w.WritePropertyName("Typespace");
        Typespace(w, db);
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteStartArray("Types");
        for (int i = 0; i < db.TableOrder.Count; i++)
        {
            w.WriteStartObject();
            w.WriteStartObject("source_name");
            w.WriteStartArray("scope");
            w.WriteEndArray();
            w.WriteString("source_name", db.TableOrder[i]);
            w.WriteEndObject();
            w.WriteNumber("ty", i);
            w.WriteBoolean("custom_ordering", true);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteStartArray("Tables");
        for (int i = 0; i < db.TableOrder.Count; i++)
        {
            TableDef t = db.Tables[db.TableOrder[i]].Def;
            w.WriteStartObject();
            w.WriteString("source_name", t.Name);
            TableBody(w, t, i, "source_name");
            TableKinds(w, t);
            w.WriteStartArray("default_values");
            foreach (var (column, value) in Defaults(t))
            {
                w.WriteStartObject();
                w.WriteNumber("col_id", column);
                w.WriteString("value", value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("is_event", t.IsEvent);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteStartArray("Reducers");
        foreach (var (def, _) in db.Reducers.Values.OrderBy(r => r.Id))
        {
            w.WriteStartObject();
            w.WriteString("source_name", def.Name);
            w.WritePropertyName("params");
            Product(w, def.Params);
            w.WritePropertyName("visibility");
            Unit(w, "ClientCallable");
            w.WritePropertyName("ok_return_type");
            Product(w, Array.Empty<SimColumn>(), wrapped: true);
            w.WritePropertyName("err_return_type");
            Unit(w, "String");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Typespace(Utf8JsonWriter w, DatabaseState db)
    {
        w.WriteStartObject();
        w.WriteStartArray("types");
        foreach (string table in db.TableOrder)
        {
            Product(w, db.Tables[table].Def.Columns, wrapped: true);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void TableBody(Utf8JsonWriter w, TableDef t, int typeRef, string nameKey)
    {
        w.WriteNumber("product_type_ref", typeRef);
        w.WriteStartArray("primary_key");
        if (t.HasPrimaryKey)
        {
            w.WriteNumberValue(t.PrimaryKeyIndex);
        }

        w.WriteEndArray();
        string? pk = t.HasPrimaryKey ? t.Columns[t.PrimaryKeyIndex].Name : null;
        w.WriteStartArray("indexes");
        if (pk is not null)
        {
            w.WriteStartObject();
            w.WritePropertyName(nameKey);
            Some(w, $"{t.Name}_{pk}_idx_btree");
            w.WritePropertyName("accessor_name");
            Some(w, pk);
            w.WriteStartObject("algorithm");
            w.WriteStartArray("BTree");
            w.WriteNumberValue(t.PrimaryKeyIndex);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("constraints");
        if (pk is not null)
        {
            w.WriteStartObject();
            w.WritePropertyName(nameKey);
            Some(w, $"{t.Name}_{pk}_key");
            w.WriteStartObject("data");
            w.WriteStartObject("Unique");
            w.WriteStartArray("columns");
            w.WriteNumberValue(t.PrimaryKeyIndex);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("sequences");
        if (t.AutoIncIndex >= 0)
        {
            w.WriteStartObject();
            w.WritePropertyName(nameKey);
            Some(w, $"{t.Name}_{t.Columns[t.AutoIncIndex].Name}_seq");
            w.WriteNumber("column", t.AutoIncIndex);
            w.WritePropertyName("start");
            None(w);
            w.WritePropertyName("min_value");
            None(w);
            w.WritePropertyName("max_value");
            None(w);
            w.WriteNumber("increment", 1);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void TableKinds(Utf8JsonWriter w, TableDef t)
    {
        w.WritePropertyName("table_type");
        Unit(w, "User");
        w.WritePropertyName("table_access");
        Unit(w, t.IsPublic ? "Public" : "Private");
    }

    private static (int Column, string Hex)[] Defaults(TableDef t) =>
        t.Defaults
            .Select(d => (Column: t.Columns.Select(c => c.Name).ToList().IndexOf(d.Key), d.Value))
            .Where(d => d.Column >= 0)
            .OrderBy(d => d.Column)
            .Select(d => (d.Column, Convert.ToHexString(BsatnCodec.Encode(t.Columns[d.Column].Type, d.Value)).ToLowerInvariant()))
            .ToArray();

    /// <summary>A product type's <c>{"elements": [...]}</c>, or <c>{"Product": {...}}</c> when <paramref name="wrapped"/>.</summary>
    private static void Product(Utf8JsonWriter w, System.Collections.Generic.IReadOnlyList<SimColumn> members, bool wrapped = false)
    {
        if (wrapped)
        {
            w.WriteStartObject();
            w.WritePropertyName("Product");
        }

        Members(w, "elements", members);
        if (wrapped)
        {
            w.WriteEndObject();
        }
    }

    private static void Members(Utf8JsonWriter w, string key, System.Collections.Generic.IReadOnlyList<SimColumn> members)
    {
        w.WriteStartObject();
        SimulatedSqlEndpoint.WriteElements(w, members, key); // Algebraic types as the SQL route writes them: one SATS-JSON writer.
        w.WriteEndObject();
    }

    private static void Unit(Utf8JsonWriter w, string variant)
    {
        w.WriteStartObject();
        w.WriteStartArray(variant);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Some(Utf8JsonWriter w, string value)
    {
        w.WriteStartObject();
        w.WriteString("some", value);
        w.WriteEndObject();
    }

    private static void None(Utf8JsonWriter w) => Unit(w, "none");
}
