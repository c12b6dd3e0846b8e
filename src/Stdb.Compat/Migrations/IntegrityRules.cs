using System;
using System.Collections.Generic;
using System.Threading;

namespace Stdb.Compat.Migrations;

/// <summary>
/// Integrity rules the app declares for one table (unique keys, references to another table's keys, required
/// fields), checked on either side of a migration. Single-use configuration, then <see cref="Check"/>.
/// </summary>
/// <typeparam name="T">The row or model type.</typeparam>
public sealed class IntegrityRules<T>
{
    private readonly List<(string Name, Func<IEnumerable<T>, Func<T, string>, int, CancellationToken, IntegrityViolation?> Run)> _rules = new();

    /// <summary>No two rows may share <paramref name="value"/>.</summary>
    public IntegrityRules<T> Unique(string name, Func<T, string> value)
    {
        Add(name, value, (rows, key, max, ct) =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var offenders = new Offenders(max);
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                if (!seen.Add(value(row)))
                {
                    offenders.Add(key(row));
                }
            }

            return offenders.ToViolation(name);
        });
        return this;
    }

    /// <summary><paramref name="value"/> must not be null (nor an empty string).</summary>
    public IntegrityRules<T> Required(string name, Func<T, object?> value)
    {
        Add(name, value, (rows, key, max, ct) =>
        {
            var offenders = new Offenders(max);
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                if (value(row) is null or "")
                {
                    offenders.Add(key(row));
                }
            }

            return offenders.ToViolation(name);
        });
        return this;
    }

    /// <summary>A non-null <paramref name="foreignKey"/> must be one of <paramref name="referencedKeys"/> (another table's keys).</summary>
    public IntegrityRules<T> References(string name, Func<T, string?> foreignKey, IEnumerable<string> referencedKeys)
    {
        if (referencedKeys is null)
        {
            throw new ArgumentNullException(nameof(referencedKeys));
        }

        Add(name, foreignKey, (rows, key, max, ct) =>
        {
            var known = new HashSet<string>(referencedKeys, StringComparer.Ordinal);
            var offenders = new Offenders(max);
            foreach (var row in rows)
            {
                ct.ThrowIfCancellationRequested();
                if (foreignKey(row) is { } fk && !known.Contains(fk))
                {
                    offenders.Add(key(row));
                }
            }

            return offenders.ToViolation(name);
        });
        return this;
    }

    /// <summary>Checks every rule over <paramref name="rows"/> (enumerated once per rule).</summary>
    /// <param name="table">The name in the report.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="key">A row's key as text, listed for offending rows.</param>
    /// <param name="maxListedKeys">How many offending keys each violation lists at most.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public IntegrityReport Check(string table, IEnumerable<T> rows, Func<T, string> key, int maxListedKeys = MigrationConstants.MaxListedKeys, CancellationToken cancellationToken = default)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }

        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        var list = rows as IReadOnlyCollection<T> ?? new List<T>(rows);
        var violations = new List<IntegrityViolation>();
        foreach (var rule in _rules)
        {
            if (rule.Run(list, key, Math.Max(0, maxListedKeys), cancellationToken) is { } violation)
            {
                violations.Add(violation);
            }
        }

        return new IntegrityReport(table, list.Count, _rules.Count, violations);
    }

    private void Add(string name, object? selector, Func<IEnumerable<T>, Func<T, string>, int, CancellationToken, IntegrityViolation?> run)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An integrity rule needs a name.", nameof(name));
        }

        if (selector is null)
        {
            throw new ArgumentNullException(nameof(selector), $"Integrity rule '{name}' has no selector.");
        }

        _rules.Add((name, run));
    }

    private sealed class Offenders
    {
        private readonly int _max;
        private readonly List<string> _keys = new();
        private long _count;

        public Offenders(int max) => _max = max;

        public void Add(string key)
        {
            _count++;
            if (_keys.Count < _max)
            {
                _keys.Add(key);
            }
        }

        public IntegrityViolation? ToViolation(string rule) => _count == 0 ? null : new IntegrityViolation(rule, _count, _keys);
    }
}

/// <summary>One broken rule: how many rows break it and the first offending keys.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Count">Offending rows in all.</param>
/// <param name="Keys">Offending keys (bounded).</param>
public sealed record IntegrityViolation(string Rule, long Count, IReadOnlyList<string> Keys);

/// <summary>The result of checking a table's integrity rules.</summary>
/// <param name="Table">The table's name.</param>
/// <param name="Rows">Rows checked.</param>
/// <param name="RulesChecked">Rules checked.</param>
/// <param name="Violations">Broken rules.</param>
public sealed record IntegrityReport(string Table, long Rows, int RulesChecked, IReadOnlyList<IntegrityViolation> Violations)
{
    /// <summary>True when no rule is broken.</summary>
    public bool Passed => Violations.Count == 0;
}
