using System;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Json;
using Stdb.Compat.Schema.Manifest;
using Stdb.Compat.Schema.Tests.TestSupport;

namespace Stdb.Compat.Schema.Tests.Json;

/// <summary>Random corruption of valid JSON yields a parsed schema or <see cref="SchemaFormatException"/>, never anything else.</summary>
[TestClass]
public sealed class ModuleDefJsonCorruptionTests
{
    private const string Alphabet = "{}[]\":,0123456789-+.eE \nabcdefSomeNnoneRfuTtrlasxyz_\\";

    private enum Op
    {
        Delete,
        Insert,
        Replace,
        Truncate,
        Duplicate,
        SwapTokens,
    }

    private static Gen<string> Corrupt(string source) =>
        from count in Gen.Choose(1, 4)
        from ops in Gen.Zip(Gen.Elements((Op[])Enum.GetValues(typeof(Op))), Gen.Zip(Gen.Choose(0, source.Length - 1), Gen.Zip(Gen.Choose(1, 40), Gen.Choose(0, Alphabet.Length - 1)))).ListOf(count)
        select Apply(source, ops);

    private static string Apply(string source, System.Collections.Generic.IEnumerable<(Op, (int, (int, int)))> ops)
    {
        var sb = new StringBuilder(source);
        foreach (var (op, (at, (len, ch))) in ops)
        {
            if (sb.Length == 0)
            {
                break;
            }

            var pos = at % sb.Length;
            var n = Math.Min(len, sb.Length - pos);
            switch (op)
            {
                case Op.Delete: sb.Remove(pos, n); break;
                case Op.Insert: sb.Insert(pos, Alphabet[ch]); break;
                case Op.Replace: sb[pos] = Alphabet[ch]; break;
                case Op.Truncate: sb.Length = pos; break;
                case Op.Duplicate: sb.Insert(pos, sb.ToString(pos, n)); break;
                case Op.SwapTokens:
                    var other = (pos * 7919 + len) % sb.Length;
                    (sb[pos], sb[other]) = (sb[other], sb[pos]);
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool OnlyTypedError(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (SchemaFormatException ex)
        {
            return ex.JsonPath.StartsWith('$');
        }
    }

    [TestMethod]
    public void Read_CorruptedV10_OnlySchemaFormatException() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(4000), Prop.ForAll(Arb.From(Corrupt(TestFiles.V10Small)), json => OnlyTypedError(() => ModuleDefJson.Read(json))));

    [TestMethod]
    public void Read_CorruptedV9_OnlySchemaFormatException() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(4000), Prop.ForAll(Arb.From(Corrupt(TestFiles.V9Small)), json => OnlyTypedError(() => ModuleDefJson.Read(json))));

    [TestMethod]
    public void Read_CorruptedManifest_OnlySchemaFormatException()
    {
        var manifest = BindingsManifestJson.Write(Schemas.PersonManifest());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(Arb.From(Corrupt(manifest)), json => OnlyTypedError(() => BindingsManifestJson.Read(json))));
    }
}
