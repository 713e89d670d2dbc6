using System.Buffers.Binary;
using System.Text;

namespace CheapTokens.Bench.Circuits;

/// <summary>
/// Reads what the bench needs from a render batch as the server serialises it (RenderBatchWriter), the same layout
/// blazor.web.js decodes in OutOfProcessRenderBatch: the batch ends with five little-endian int32 offsets (updated
/// components, reference frames, disposed component ids, disposed event handler ids, string table). The string
/// table is one int32 position per string, each string length-prefixed (7-bit/LEB128) UTF-8. Reference frames are
/// 20 bytes each: the frame type, then type-specific ints (text and markup: the string at +4; attribute: name at
/// +4, value at +8).
/// </summary>
public static class RenderBatchReader
{
    private const int FrameText = 2, FrameAttribute = 3, FrameMarkup = 8, FrameLength = 20;

    /// <summary>A text, markup or attribute frame the batch sends to the page (Name is the attribute's name).</summary>
    public readonly record struct Frame(string? Name, string Value);

    /// <summary>How many components the batch re-rendered (diffs), and its text, markup and attribute frames.</summary>
    public static (int UpdatedComponents, List<Frame> Frames) Read(ReadOnlySpan<byte> batch)
    {
        if (batch.Length < 20) throw new FormatException($"a render batch of {batch.Length} bytes is too short");
        var updatedComponents = Offset(batch, batch.Length - 20);
        var referenceFrames = Offset(batch, batch.Length - 16);
        var stringTable = Int(batch, batch.Length - 4);
        if (stringTable < 0 || stringTable > batch.Length - 20) throw new FormatException("the string table offset points outside the batch");
        var diffs = Int(batch, updatedComponents);

        var frames = new List<Frame>();
        var count = Int(batch, referenceFrames);
        if (count < 0 || referenceFrames + 4 + (long)count * FrameLength > batch.Length) throw new FormatException("the reference frames run past the end of the batch");
        for (var i = 0; i < count; i++)
        {
            var frame = referenceFrames + 4 + i * FrameLength;
            switch (Int(batch, frame))
            {
                case FrameText or FrameMarkup when String(batch, stringTable, Int(batch, frame + 4)) is { } text:
                    frames.Add(new Frame(null, text));
                    break;
                case FrameAttribute when String(batch, stringTable, Int(batch, frame + 8)) is { } value:
                    frames.Add(new Frame(String(batch, stringTable, Int(batch, frame + 4)), value));
                    break;
            }
        }
        return (diffs, frames);
    }

    private static int Offset(ReadOnlySpan<byte> batch, int at)
    {
        var offset = Int(batch, at);
        if (offset < 0 || offset + 4 > batch.Length - 20) throw new FormatException($"a section offset ({offset} at {at}) points outside the batch of {batch.Length} bytes");
        return offset;
    }

    /// <summary>The string at an index of the string table; -1 is null.</summary>
    private static string? String(ReadOnlySpan<byte> batch, int stringTable, int index)
    {
        if (index < 0) return null;
        var entry = stringTable + index * 4;
        if (entry + 4 > batch.Length - 20) throw new FormatException("a string index points outside the string table");
        var at = Int(batch, entry);
        if (at < 0 || at >= batch.Length) throw new FormatException("a string points outside the batch");
        var (length, prefix) = Leb128(batch, at);
        if (at + prefix + length > batch.Length) throw new FormatException("a string runs past the end of the batch");
        return Encoding.UTF8.GetString(batch.Slice(at + prefix, length));
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);

    private static (int Value, int Bytes) Leb128(ReadOnlySpan<byte> data, int at)
    {
        int result = 0, shift = 0;
        for (var i = 0; i < 5 && at + i < data.Length; i++)
        {
            var b = data[at + i];
            result |= (b & 0x7F) << shift;
            if (b < 0x80) return (result, i + 1);
            shift += 7;
        }
        throw new FormatException("a string length prefix is malformed");
    }
}
