namespace Stdb.Compat.Internal;

/// <summary>Builds the SQL Stdb.Compat sends for whole-table subscriptions.</summary>
internal static class SqlText
{
    /// <summary><c>SELECT * FROM name</c>, quoting the name (as 2.x <c>SubscribeToAllTables</c> does) unless it is a plain identifier.</summary>
    public static string SelectAll(string table) => "SELECT * FROM " + (IsPlainIdentifier(table) ? table : "\"" + table.Replace("\"", "\"\"") + "\"");

    private static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
