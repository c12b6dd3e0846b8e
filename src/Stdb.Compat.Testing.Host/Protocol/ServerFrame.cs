using System;
using System.IO;
using System.IO.Compression;

namespace Stdb.Compat.Testing.Host.Protocol;

/// <summary>The <c>compression</c> query parameter (<c>enum Compression { None, Brotli, Gzip }</c>, serde names; default Brotli).</summary>
internal enum WireCompression
{
    None = 0,
    Brotli = 1,
    Gzip = 2,
}

/// <summary>
/// The framing of every binary server message, both protocols: one compression tag byte
/// (<c>SERVER_MSG_COMPRESSION_TAG_NONE = 0, _BROTLI = 1, _GZIP = 2</c>), then the BSATN message, compressed as a whole
/// when the client asked for compression and the uncompressed body is longer than 1024 bytes.
/// Mirrors <c>crates/core/src/client/messages.rs</c> (<c>serialize</c>, <c>serialize_v2</c>,
/// <c>finalize_binary_serialize_buffer</c>) and <c>crates/core/src/subscription/websocket_building.rs</c>
/// (<c>decide_compression</c>, <c>COMPRESS_THRESHOLD = 1024</c>, brotli quality 1, gzip fast) at v2.8.0; the tag
/// constants are in <c>websocket.rs</c> at v1.12.0 and <c>websocket/common.rs</c> at v2.8.0. The SDK strips the tag
/// in <c>CompressionHelpers.DecompressDecodeMessage</c>. The compressed bytes differ from Rust's encoders (another
/// implementation of the same formats); what is byte-exact is the tag and the decompressed body.
/// </summary>
internal static class ServerFrame
{
    public const byte TagNone = 0;
    public const byte TagBrotli = 1;
    public const byte TagGzip = 2;
    public const int CompressThreshold = 1024;

    public static byte[] Frame(byte[] body, WireCompression compression)
    {
        WireCompression decided = body.Length > CompressThreshold ? compression : WireCompression.None;
        byte[] payload = decided == WireCompression.None ? body : Compress(decided, body);
        var frame = new byte[payload.Length + 1];
        frame[0] = decided switch
        {
            WireCompression.Brotli => TagBrotli,
            WireCompression.Gzip => TagGzip,
            _ => TagNone,
        };
        payload.CopyTo(frame, 1);
        return frame;
    }

    /// <summary>Brotli (quality 1) or gzip (fastest) of <paramref name="body"/>, whatever its size.</summary>
    public static byte[] Compress(WireCompression compression, byte[] body)
    {
        using var output = new MemoryStream();
        if (compression == WireCompression.Brotli)
        {
            using var encoder = new BrotliEncoder(quality: 1, window: 22);
            WriteBrotli(encoder, body, output);
        }
        else if (compression == WireCompression.Gzip)
        {
            using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(body);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, "Compress with Brotli or Gzip.");
        }

        return output.ToArray();
    }

    /// <summary>Strips the tag and decompresses: what the SDK does before decoding.</summary>
    public static byte[] Unframe(byte[] frame)
    {
        if (frame is null || frame.Length == 0)
        {
            throw new WireFormatException("An empty server message has no compression tag.");
        }

        return frame[0] == TagNone ? frame.AsSpan(1).ToArray() : Decompress(frame[0], frame.AsSpan(1).ToArray());
    }

    public static byte[] Decompress(byte tag, byte[] compressed)
    {
        using var input = new MemoryStream(compressed, writable: false);
        using Stream decoder = tag switch
        {
            TagBrotli => new BrotliStream(input, CompressionMode.Decompress),
            TagGzip => new GZipStream(input, CompressionMode.Decompress),
            _ => throw new WireFormatException($"Unknown compression tag {tag}."),
        };
        using var output = new MemoryStream();
        try
        {
            decoder.CopyTo(output);
        }
        catch (InvalidDataException ex)
        {
            throw new WireFormatException($"The compressed payload (tag {tag}) does not decompress: {ex.Message}", ex);
        }

        return output.ToArray();
    }

    private static void WriteBrotli(BrotliEncoder encoder, byte[] body, MemoryStream output)
    {
        var buffer = new byte[Math.Max(64, BrotliEncoder.GetMaxCompressedLength(body.Length))];
        System.Buffers.OperationStatus status = encoder.Compress(body, buffer, out int consumed, out int written, isFinalBlock: true);
        if (status != System.Buffers.OperationStatus.Done || consumed != body.Length)
        {
            throw new InvalidOperationException($"Brotli compression stopped with {status}.");
        }

        output.Write(buffer, 0, written);
    }
}
