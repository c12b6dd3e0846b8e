using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Stdb.Compat.Migrations;

/// <summary>
/// The default ledger: a local JSON-lines file, one record per line, appended and flushed to disk before the call it
/// announces is sent. A line torn by a crash (no newline, or not valid JSON) is ignored on load, and the next append
/// starts a fresh line. Format: <c>{"k":"Written","b":3,"keys":["1","2"],"r":null}</c>.
/// </summary>
public sealed class FileMigrationLedger : IMigrationLedger
{
    private const int BufferSize = 4096;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _durable;

    /// <summary>Creates a ledger over <paramref name="path"/> (created on the first append).</summary>
    /// <param name="path">The ledger file.</param>
    /// <param name="durable">Flush each record through to the disk (fsync). Default true; false only for throwaway runs.</param>
    public FileMigrationLedger(string path, bool durable = true)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The ledger path is empty.", nameof(path));
        }

        Path = path;
        _durable = durable;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MigrationLedgerEntry>> LoadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var text = await ReadAllTextAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<MigrationLedgerEntry>();
            var start = 0;
            while (start < text.Length)
            {
                var end = text.IndexOf('\n', start);
                if (end < 0)
                {
                    break; // torn last line: the append never completed
                }

                if (MigrationLedgerFormat.TryParse(text.Substring(start, end - start), out var entry))
                {
                    entries.Add(entry);
                }

                start = end + 1;
            }

            return entries;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The write and the flush are asynchronous; with <c>durable</c> the final flush to the disk (fsync) is synchronous, as
    /// .NET has no asynchronous form of it. A cancellation while the record is being written may leave a torn line,
    /// which <see cref="LoadAsync"/> skips and the next append closes.
    /// </remarks>
    public async ValueTask AppendAsync(MigrationLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry is null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        var line = MigrationLedgerFormat.Format(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, BufferSize, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var prefix = false;
                if (stream.Length > 0)
                {
                    stream.Seek(-1, SeekOrigin.End);
                    var last = new byte[1];
                    prefix = await stream.ReadAsync(last, 0, 1, cancellationToken).ConfigureAwait(false) == 1 && last[0] != (byte)'\n'; // a torn line from a crash: start a fresh one
                }

                stream.Seek(0, SeekOrigin.End);
                var bytes = Encoding.UTF8.GetBytes((prefix ? "\n" : string.Empty) + line + "\n");
                await stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (_durable)
                {
                    stream.Flush(flushToDisk: true);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> ReadAllTextAsync(CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return string.Empty;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, BufferSize, cancellationToken).ConfigureAwait(false);
            var bytes = buffer.GetBuffer();
            var length = (int)buffer.Length;
            // A byte order mark (a file saved by an editor) is not part of the first record.
            var offset = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return Encoding.UTF8.GetString(bytes, offset, length - offset);
        }
    }
}

/// <summary>The JSON-lines form of a ledger record.</summary>
internal static class MigrationLedgerFormat
{
    public static string Format(MigrationLedgerEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("k", entry.Kind.ToString());
            w.WriteNumber("b", entry.Batch);
            w.WriteStartArray("keys");
            foreach (var key in entry.Keys)
            {
                w.WriteStringValue(key);
            }

            w.WriteEndArray();
            if (entry.Reason is null)
            {
                w.WriteNull("r");
            }
            else
            {
                w.WriteString("r", entry.Reason);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static bool TryParse(string line, out MigrationLedgerEntry entry)
    {
        entry = null!;
        if (line.Length == 0)
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            // Only a kind's exact name: Enum.TryParse alone also takes "7" or "Written, Intent", and an undefined kind
            // would make its keys be skipped by every run without being copied or reported.
            var name = root.GetProperty("k").GetString();
            if (!Enum.TryParse<MigrationLedgerEntryKind>(name, out var kind) || !Enum.IsDefined(typeof(MigrationLedgerEntryKind), kind)
                || !string.Equals(kind.ToString(), name, StringComparison.Ordinal))
            {
                return false;
            }

            var keys = new List<string>();
            foreach (var k in root.GetProperty("keys").EnumerateArray())
            {
                keys.Add(k.GetString() ?? string.Empty);
            }

            var reason = root.TryGetProperty("r", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            entry = new MigrationLedgerEntry(kind, root.GetProperty("b").GetInt64(), keys, reason);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }
}
