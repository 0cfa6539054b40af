using System.Formats.Tar;

namespace BLoRA.Runner;

/// <summary>A folder as one tar stream (checkpoints and exported adapters are folders; the artifact store holds files).</summary>
public static class DirectoryArchive
{
    public static MemoryStream Pack(string directory)
    {
        var stream = new MemoryStream();
        TarFile.CreateFromDirectory(directory, stream, includeBaseDirectory: false);
        stream.Position = 0;
        return stream;
    }

    public static void Unpack(Stream archive, string directory)
    {
        Directory.CreateDirectory(directory);
        TarFile.ExtractToDirectory(archive, directory, overwriteFiles: true);
    }
}
