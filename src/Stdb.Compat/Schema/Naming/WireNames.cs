using System;
using System.Collections.Generic;
using System.Text;

namespace Stdb.Compat.Schema.Naming;

/// <summary>
/// Case conversion exactly as SpacetimeDB applies it to wire names: a port of the Rust crate <c>convert_case</c>
/// 0.6.0 <c>to_case(Case::Snake | Case::Camel | Case::Pascal)</c> with its default word boundaries (underscore, hyphen
/// and space, which are dropped; lower-to-upper; every digit/letter transition; acronym ends).
/// </summary>
public static class WireNames
{
    /// <summary>Converts to snake_case, e.g. <c>CreatedAt</c> to <c>created_at</c>, <c>IOStream</c> to <c>io_stream</c>.</summary>
    /// <param name="name">The identifier to convert.</param>
    /// <returns>The lower-case words joined with <c>_</c>.</returns>
    public static string ToSnakeCase(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var words = Split(name);
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('_');
            }

            sb.Append(words[i].ToLowerInvariant());
        }

        return sb.ToString();
    }

    /// <summary>Converts to camelCase, e.g. <c>RedApple</c> to <c>redApple</c>.</summary>
    /// <param name="name">The identifier to convert.</param>
    /// <returns>The first word in lower case, the rest capitalised, joined without separator.</returns>
    public static string ToCamelCase(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var words = Split(name);
        var sb = new StringBuilder(name.Length);
        for (var i = 0; i < words.Count; i++)
        {
            if (i == 0)
            {
                sb.Append(words[i].ToLowerInvariant());
            }
            else
            {
                AppendCapitalized(sb, words[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Converts to PascalCase, e.g. <c>created_at</c> to <c>CreatedAt</c>, <c>UserID</c> to <c>UserId</c>.</summary>
    /// <param name="name">The identifier to convert.</param>
    /// <returns>Every word capitalised, joined without separator.</returns>
    public static string ToPascalCase(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var words = Split(name);
        var sb = new StringBuilder(name.Length);
        foreach (var w in words)
        {
            AppendCapitalized(sb, w);
        }

        return sb.ToString();
    }

    /// <summary>Converts a scoped type name (<c>a::b::c</c>) to PascalCase segment by segment, as V10 validation does.</summary>
    /// <param name="scopedName">The scoped name; segments are separated by <c>::</c>.</param>
    /// <returns>The converted scoped name.</returns>
    public static string ToPascalCaseScoped(string scopedName)
    {
        if (scopedName is null)
        {
            throw new ArgumentNullException(nameof(scopedName));
        }

        var parts = scopedName.Split(new[] { "::" }, StringSplitOptions.None);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = ToPascalCase(parts[i]);
        }

        return string.Join("::", parts);
    }

    private static void AppendCapitalized(StringBuilder sb, string word)
    {
        if (word.Length == 0)
        {
            return;
        }

        sb.Append(char.ToUpperInvariant(word[0]));
        if (word.Length > 1)
        {
            sb.Append(word.Substring(1).ToLowerInvariant());
        }
    }

    // convert_case 0.6.0 segmentation::split with Boundary::defaults().
    internal static List<string> Split(string s)
    {
        var result = new List<string>();
        var start = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || s[i] == '_' || s[i] == '-' || s[i] == ' ')
            {
                SplitWord(s.Substring(start, i - start), result);
                start = i + 1;
            }
        }

        return result;
    }

    private static void SplitWord(string w, List<string> result)
    {
        if (w.Length == 0)
        {
            return;
        }

        var start = 0;
        for (var i = 0; i + 1 < w.Length; i++)
        {
            char c = w[i], d = w[i + 1];
            var split = IsTwoBoundary(c, d)
                || (i + 2 < w.Length && char.IsUpper(c) && char.IsUpper(d) && char.IsLower(w[i + 2]));
            if (split)
            {
                if (i + 1 > start)
                {
                    result.Add(w.Substring(start, i + 1 - start));
                }

                start = i + 1;
            }
        }

        if (w.Length > start)
        {
            result.Add(w.Substring(start));
        }
    }

    private static bool IsTwoBoundary(char c, char d) =>
        (char.IsLower(c) && char.IsUpper(d))
        || (IsDigit(c) && char.IsUpper(d))
        || (char.IsUpper(c) && IsDigit(d))
        || (IsDigit(c) && char.IsLower(d))
        || (char.IsLower(c) && IsDigit(d));

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
