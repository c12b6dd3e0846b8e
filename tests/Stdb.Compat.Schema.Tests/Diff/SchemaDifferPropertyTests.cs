using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Compatibility;
using Stdb.Compat.Schema.Model;
using static Stdb.Compat.Schema.Tests.TestSupport.Schemas;

namespace Stdb.Compat.Schema.Tests.Diff;

[TestClass]
public sealed class SchemaDifferPropertyTests
{
    private static readonly AlgebraicType[] ColumnTypes =
    {
        U64, U32, Str, AlgebraicType.Primitive(AlgebraicTypeKind.Bool), AlgebraicType.Option(Str), Enum("a", "b"), Enum("a", "b", "c"),
        AlgebraicType.Array(U32), AlgebraicType.Ref(0),
    };

    private static Gen<TableSchema> TableGen(int index) =>
        Gen.Choose(0, ColumnTypes.Length - 1).ListOf().Select(types => Table("t" + index, types.Select((t, i) => ("c" + i, ColumnTypes[t])).ToArray()))
            .Select(table => table with { IsEvent = index % 5 == 4 });

    private static Gen<ModuleSchema> ModuleGen =>
        from tableCount in Gen.Choose(0, 6)
        from tables in Gen.CollectToArray(Enumerable.Range(0, tableCount).Select(TableGen))
        from reducerCount in Gen.Choose(0, 4)
        from reducerTypes in Gen.Choose(0, ColumnTypes.Length - 1).ListOf(reducerCount)
        select Module(tables, reducerTypes.Select((t, i) => Reducer("r" + i, ("p", ColumnTypes[t]))), new[] { Enum("x", "y") });

    private static Gen<(ModuleSchema A, ModuleSchema B)> PairGen =>
        from a in ModuleGen
        from b in ModuleGen
        select (a, b);

    private static string Render(IEnumerable<Schema.Diff.SchemaChange> changes) =>
        string.Join("\n", changes.Select(c => $"{c.Path}|{c.Kind}|{c.Criticality}|{c.AffectsApp}"));

    [TestMethod]
    public void Diff_SchemaAgainstItself_IsEmpty() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(ModuleGen), m => SchemaCompatibility.Diff(m, m).Count == 0));

    [TestMethod]
    public void Diff_TablesAndReducersReordered_ClassificationIsStable()
    {
        var gen = from pair in PairGen
                  from tablesA in Gen.Shuffle(pair.A.Tables.ToArray())
                  from reducersB in Gen.Shuffle(pair.B.Reducers.ToArray())
                  from tablesB in Gen.Shuffle(pair.B.Tables.ToArray())
                  select (pair.A, pair.B, ShuffledA: pair.A with { Tables = tablesA }, ShuffledB: pair.B with { Tables = tablesB, Reducers = reducersB });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(gen), x =>
            Render(SchemaCompatibility.Diff(x.A, x.B)) == Render(SchemaCompatibility.Diff(x.ShuffledA, x.ShuffledB))));
    }

    [TestMethod]
    public void Check_VerdictIsIncompatible_ExactlyWhenABreakingChangeAffectsTheApp() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(PairGen), p =>
        {
            var report = SchemaCompatibility.Check(p.A, p.B);
            var breaking = report.Changes.Any(c => c.AffectsApp && c.Criticality == Schema.Diff.ChangeCriticality.Breaking);
            return breaking == (report.Verdict == CompatibilityVerdict.Incompatible);
        }));
}
