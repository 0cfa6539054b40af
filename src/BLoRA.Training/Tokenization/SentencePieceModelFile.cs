using Google.Protobuf;

namespace BLoRA.Training.Tokenization;

/// <summary>
/// What a SentencePiece model file (<c>spm.model</c>, a serialized <c>ModelProto</c>) says, read with
/// Google.Protobuf's wire-format reader. Field numbers are those of sentencepiece_model.proto:
/// ModelProto pieces 1, trainer_spec 2, normalizer_spec 3; SentencePiece piece 1, score 2, type 3;
/// TrainerSpec model_type 3, treat_whitespace_as_suffix 24, byte_fallback 35; NormalizerSpec name 1,
/// precompiled_charsmap 2, add_dummy_prefix 3, remove_extra_whitespaces 4, escape_whitespaces 5
/// (the last three true unless written).
/// </summary>
public sealed class SentencePieceModelFile
{
    /// <summary>TrainerSpec.ModelType.UNIGRAM, the proto's default.</summary>
    public const int UnigramModel = 1;

    private SentencePieceModelFile()
    {
    }

    public IReadOnlyList<(string Piece, float Score, SentencePieceType Type)> Pieces { get; private set; } = [];

    /// <summary>1 Unigram (DeBERTa-v3, ALBERT, T5), 2 BPE, 3 word, 4 char.</summary>
    public int ModelType { get; private set; } = UnigramModel;

    public bool TreatWhitespaceAsSuffix { get; private set; }

    public bool ByteFallback { get; private set; }

    /// <summary>The normalization rule's name (e.g. <c>nmt_nfkc</c>, <c>identity</c>).</summary>
    public string NormalizerName { get; private set; } = "";

    /// <summary>The compiled normalization rules (<see cref="PrecompiledCharsMap"/>); empty for none.</summary>
    public ReadOnlyMemory<byte> PrecompiledCharsMap { get; private set; } = ReadOnlyMemory<byte>.Empty;

    public bool AddDummyPrefix { get; private set; } = true;

    public bool RemoveExtraWhitespaces { get; private set; } = true;

    public bool EscapeWhitespaces { get; private set; } = true;

    /// <summary>Reads a model file's bytes.</summary>
    /// <exception cref="InvalidDataException">Not a SentencePiece model, or one without pieces.</exception>
    public static SentencePieceModelFile Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var model = new SentencePieceModelFile();
        var pieces = new List<(string, float, SentencePieceType)>();
        try
        {
            var input = new CodedInputStream(bytes);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1 when IsMessage(tag):
                        pieces.Add(ParsePiece(input.ReadBytes()));
                        break;
                    case 2 when IsMessage(tag):
                        model.ParseTrainerSpec(input.ReadBytes());
                        break;
                    case 3 when IsMessage(tag):
                        model.ParseNormalizerSpec(input.ReadBytes());
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not a readable SentencePiece model, truncated or corrupt ({e.Message})", e);
        }

        if (pieces.Count == 0)
        {
            throw new InvalidDataException("a SentencePiece model without pieces (is it an spm.model file?)");
        }

        model.Pieces = pieces;
        return model;
    }

    private static bool IsMessage(uint tag) => WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;

    private static (string, float, SentencePieceType) ParsePiece(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var (piece, score, type) = ("", 0f, SentencePieceType.Normal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    piece = input.ReadString();
                    break;
                case 2:
                    score = input.ReadFloat();
                    break;
                case 3:
                    type = (SentencePieceType)input.ReadEnum();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (piece, score, type);
    }

    private void ParseTrainerSpec(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3:
                    ModelType = input.ReadEnum();
                    break;
                case 24:
                    TreatWhitespaceAsSuffix = input.ReadBool();
                    break;
                case 35:
                    ByteFallback = input.ReadBool();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }

    private void ParseNormalizerSpec(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    NormalizerName = input.ReadString();
                    break;
                case 2:
                    PrecompiledCharsMap = input.ReadBytes().ToByteArray();
                    break;
                case 3:
                    AddDummyPrefix = input.ReadBool();
                    break;
                case 4:
                    RemoveExtraWhitespaces = input.ReadBool();
                    break;
                case 5:
                    EscapeWhitespaces = input.ReadBool();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
    }
}
