using System.Collections.Generic;

namespace Stdb.Compat.Migrations;

/// <summary>The ledger folded by key: the latest record for a key decides its state.</summary>
internal sealed class MigrationLedgerState
{
    private readonly Dictionary<string, (MigrationLedgerEntryKind Kind, string? Reason, long Batch)> _keys = new(System.StringComparer.Ordinal);

    public long LastBatch { get; private set; }

    public int Count => _keys.Count;

    public int RejectedCount { get; private set; }

    public static MigrationLedgerState From(IEnumerable<MigrationLedgerEntry> entries)
    {
        var state = new MigrationLedgerState();
        foreach (var entry in entries)
        {
            state.Apply(entry);
        }

        return state;
    }

    public void Apply(MigrationLedgerEntry entry)
    {
        if (entry.Batch > LastBatch)
        {
            LastBatch = entry.Batch;
        }

        foreach (var key in entry.Keys)
        {
            if (_keys.TryGetValue(key, out var old) && old.Kind == MigrationLedgerEntryKind.Rejected)
            {
                RejectedCount--;
            }

            if (entry.Kind == MigrationLedgerEntryKind.Rejected)
            {
                RejectedCount++;
            }

            if (entry.Kind is MigrationLedgerEntryKind.NotApplied or MigrationLedgerEntryKind.RolledBack)
            {
                _keys.Remove(key);
            }
            else
            {
                _keys[key] = (entry.Kind, entry.Reason, entry.Batch);
            }
        }
    }

    public bool TryGet(string key, out MigrationLedgerEntryKind kind)
    {
        if (_keys.TryGetValue(key, out var value))
        {
            kind = value.Kind;
            return true;
        }

        kind = default;
        return false;
    }

    public List<string> Keys(MigrationLedgerEntryKind kind)
    {
        var result = new List<string>();
        foreach (var pair in _keys)
        {
            if (pair.Value.Kind == kind)
            {
                result.Add(pair.Key);
            }
        }

        result.Sort(System.StringComparer.Ordinal);
        return result;
    }

    public List<MigrationRejectedRow> Rejected()
    {
        var result = new List<MigrationRejectedRow>();
        foreach (var pair in _keys)
        {
            if (pair.Value.Kind == MigrationLedgerEntryKind.Rejected)
            {
                result.Add(new MigrationRejectedRow(pair.Key, pair.Value.Reason ?? string.Empty));
            }
        }

        result.Sort((a, b) => System.StringComparer.Ordinal.Compare(a.Key, b.Key));
        return result;
    }
}
