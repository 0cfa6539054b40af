using Google.Protobuf;

namespace BLoRA.Training.Tests.Tokenization;

/// <summary>
/// Writes a SentencePiece <c>ModelProto</c> (sentencepiece_model.proto) by hand: pieces (piece 1,
/// score 2, type 3), the trainer spec (model_type 3, unk/bos/eos/pad ids 40-43, their pieces 45-48)
/// and the normalizer spec (name 1, add_dummy_prefix 3, remove_extra_whitespaces 4, escape_whitespaces 5).
/// </summary>
internal static class SentencePieceModelBuilder
{
    public const int Normal = 1;
    public const int Unknown = 2;
    public const int Control = 3;
    public const int Unigram = 1;

    /// <summary>A tiny DeBERTa-v3-style Unigram vocabulary: [PAD]=0, [CLS]=1, [SEP]=2, [UNK]=3, then word pieces.</summary>
    public static IReadOnlyList<(string Piece, float Score, int Type)> TinyVocabulary { get; } =
    [
        ("[PAD]", 0, Control), ("[CLS]", 0, Control), ("[SEP]", 0, Control), ("[UNK]", 0, Unknown),
        ("\u2581", -2, Normal), ("\u2581hello", -3, Normal), ("\u2581world", -3, Normal), ("\u2581he", -4, Normal), ("llo", -4, Normal),
        ("h", -6, Normal), ("e", -6, Normal), ("l", -6, Normal), ("o", -6, Normal), ("w", -6, Normal), ("r", -6, Normal), ("d", -6, Normal),
        ("\u2581w", -5, Normal), ("or", -5, Normal), ("ld", -5, Normal), (",", -4, Normal), ("\u2581the", -3, Normal),
    ];

    public static byte[] Build(IReadOnlyList<(string Piece, float Score, int Type)> pieces)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var (piece, score, type) in pieces)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(piece);
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(score);
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteEnum(type);
            }));
        }

        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteEnum(Unigram);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteInt32(pieces.Count);
            foreach (var (field, id) in new[] { (40, 3), (41, 1), (42, 2), (43, 0) })
            {
                o.WriteTag(field, WireFormat.WireType.Varint);
                o.WriteInt32(id);
            }

            foreach (var (field, text) in new[] { (45, "[UNK]"), (46, "[CLS]"), (47, "[SEP]"), (48, "[PAD]") })
            {
                o.WriteTag(field, WireFormat.WireType.LengthDelimited);
                o.WriteString(text);
            }
        }));

        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("identity");
            foreach (var field in new[] { 3, 4, 5 })
            {
                o.WriteTag(field, WireFormat.WireType.Varint);
                o.WriteBool(true);
            }
        }));
        output.Flush();
        return buffer.ToArray();
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
