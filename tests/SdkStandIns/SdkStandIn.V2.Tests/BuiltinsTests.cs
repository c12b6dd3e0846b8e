using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SpacetimeDB;

namespace SdkStandIn.V2.Tests;

[TestClass]
public sealed class BuiltinsTests
{
    [TestMethod]
    public void Uuid_BsatnRoundTrip_SameValueAndBigEndianText()
    {
        var uuid = new Uuid(new U128(0x0123456789abcdefUL, 0xfedcba9876543210UL));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            new Uuid.BSATN().Write(writer, uuid);
        }

        Assert.AreEqual(16, stream.Length);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var read = new Uuid.BSATN().Read(reader);
        Assert.AreEqual(uuid, read);
        Assert.AreEqual("01234567-89ab-cdef-fedc-ba9876543210", read.ToString());
        Assert.IsTrue(Uuid.NIL < uuid && uuid < Uuid.MAX);
    }

    [TestMethod]
    public void Table_ToSql_SelectsAllRowsOfQuotedTable()
    {
        var table = new Table<string, int, int>("player", 0, 0);

        IQuery<string> query = table;

        Assert.AreEqual("SELECT * FROM \"player\"", query.ToSql());
    }
}
