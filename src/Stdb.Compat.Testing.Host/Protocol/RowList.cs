using System;
using System.Collections.Generic;
using System.IO;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>
/// <c>BsatnRowList { size_hint: RowSizeHint, rows_data: Bytes }</c> with
/// <c>RowSizeHint { FixedSize(u16) = 0, RowOffsets(Arc&lt;[u64]&gt;) = 1 }</c>.
/// Mirrors <c>crates/client-api-messages/src/websocket.rs</c> at v1.12.0 and <c>websocket/common.rs</c> at v2.8.0
/// (identical layout), read by the SDK's <c>ClientApi/BsatnRowList.g.cs</c> / <c>RowSizeHint.g.cs</c>.
/// The hint is chosen as the server's <c>BsatnRowListBuilder</c> does (<c>crates/core/src/subscription/websocket_building.rs</c>,
/// v2.8.0): no rows → <c>RowOffsets([])</c>; every row the same non-zero length that fits a u16 → <c>FixedSize</c>;
/// otherwise one offset per row. (The server also picks FixedSize from a row type's static size; for a non-empty list
/// that gives the same result, since every row of a statically sized type has that size.)
/// </summary>
internal static class RowList
{
    public const byte FixedSizeTag = 0;
    public const byte RowOffsetsTag = 1;

    public static void Write(BsatnWriter w, IReadOnlyList<byte[]> rows)
    {
        int size = rows.Count == 0 ? 0 : rows[0].Length;
        bool fixedSize = size is > 0 and <= ushort.MaxValue;
        for (int i = 1; fixedSize && i < rows.Count; i++)
        {
            fixedSize = rows[i].Length == size;
        }

        int total = 0;
        foreach (byte[] row in rows)
        {
            total += row.Length;
        }

        if (fixedSize)
        {
            w.U8(FixedSizeTag);
            w.U16((ushort)size);
        }
        else
        {
            w.U8(RowOffsetsTag);
            w.U32((uint)rows.Count);
            ulong offset = 0;
            foreach (byte[] row in rows)
            {
                w.U64(offset);
                offset += (ulong)row.Length;
            }
        }

        w.U32((uint)total);
        foreach (byte[] row in rows)
        {
            w.Raw(row);
        }
    }

    /// <summary>Reads a row list and splits it into rows, as the SDK's <c>CompressionHelpers.ParseRowList</c> does.</summary>
    public static List<byte[]> Read(BsatnReader r, string what)
    {
        byte tag = r.U8(what + ".size_hint");
        ushort fixedSize = 0;
        List<ulong>? offsets = null;
        switch (tag)
        {
            case FixedSizeTag:
                fixedSize = r.U16(what + ".size_hint.FixedSize");
                if (fixedSize == 0)
                {
                    throw r.Error($"{what}.size_hint: FixedSize(0) cannot delimit rows");
                }

                break;
            case RowOffsetsTag:
                offsets = r.Array(what + ".size_hint.RowOffsets", x => x.U64(what + ".size_hint.RowOffsets[]"));
                break;
            default:
                throw r.Error($"{what}.size_hint: unknown RowSizeHint tag {tag}");
        }

        byte[] data = r.Bytes(what + ".rows_data");
        var rows = new List<byte[]>();
        if (offsets is null)
        {
            if (data.Length % fixedSize != 0)
            {
                throw r.Error($"{what}: {data.Length} byte(s) of rows_data is not a multiple of FixedSize({fixedSize})");
            }

            for (int start = 0; start < data.Length; start += fixedSize)
            {
                rows.Add(data.AsSpan(start, fixedSize).ToArray());
            }

            return rows;
        }

        for (int i = 0; i < offsets.Count; i++)
        {
            ulong start = offsets[i];
            ulong end = i + 1 < offsets.Count ? offsets[i + 1] : (ulong)data.Length;
            if (start > end || end > (ulong)data.Length)
            {
                throw r.Error($"{what}.size_hint.RowOffsets[{i}] = {start} is out of order or past the {data.Length} byte(s) of rows_data");
            }

            rows.Add(data.AsSpan((int)start, (int)(end - start)).ToArray());
        }

        return rows;
    }

    internal static byte[] Encode(IReadOnlyList<byte[]> rows)
    {
        var w = new BsatnWriter();
        Write(w, rows);
        return w.ToArray();
    }

    internal static int CountBytes(IReadOnlyList<byte[]> rows)
    {
        int total = 0;
        foreach (byte[] row in rows)
        {
            total += row.Length;
        }

        return total;
    }
}
