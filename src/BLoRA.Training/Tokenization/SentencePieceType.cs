namespace BLoRA.Training.Tokenization;

/// <summary>A piece's type in a SentencePiece model (sentencepiece_model.proto, ModelProto.SentencePiece.Type).</summary>
public enum SentencePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}
