using Microsoft.VisualStudio.TestTools.UnitTesting;
using Stdb.Compat.Schema.Naming;

namespace Stdb.Compat.Schema.Tests.Naming;

[TestClass]
public sealed class WireNamesTests
{
    [TestMethod]
    [DataRow("CreatedAt", "created_at")]
    [DataRow("IOStream", "io_stream")]
    [DataRow("player2Score", "player_2_score")]
    [DataRow("HTTPRequest", "http_request")]
    [DataRow("UserID", "user_id")]
    [DataRow("already_snake", "already_snake")]
    [DataRow("__my  bad-_variable-", "my_bad_variable")]
    [DataRow("Id", "id")]
    [DataRow("AddPerson", "add_person")]
    [DataRow("Vec3D", "vec_3_d")]
    [DataRow("ABC", "abc")]
    [DataRow("", "")]
    public void ToSnakeCase_ConvertCaseRules_MatchesRustCrate(string input, string expected) =>
        Assert.AreEqual(expected, WireNames.ToSnakeCase(input));

    [TestMethod]
    [DataRow("RedApple", "redApple")]
    [DataRow("Active", "active")]
    [DataRow("red_apple", "redApple")]
    [DataRow("HTTPRequest", "httpRequest")]
    public void ToCamelCase_ConvertCaseRules_MatchesRustCrate(string input, string expected) =>
        Assert.AreEqual(expected, WireNames.ToCamelCase(input));

    [TestMethod]
    [DataRow("created_at", "CreatedAt")]
    [DataRow("UserID", "UserId")]
    [DataRow("metaInfo", "MetaInfo")]
    [DataRow("player2Score", "Player2Score")]
    public void ToPascalCase_ConvertCaseRules_MatchesRustCrate(string input, string expected) =>
        Assert.AreEqual(expected, WireNames.ToPascalCase(input));

    [TestMethod]
    public void ToPascalCaseScoped_ScopeSegments_AreConvertedToo() =>
        Assert.AreEqual("MyLib::Utils::MetaInfo", WireNames.ToPascalCaseScoped("myLib::utils::metaInfo"));
}
