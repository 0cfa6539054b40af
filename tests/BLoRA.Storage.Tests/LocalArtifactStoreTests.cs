using BLoRA.Abstractions;

namespace BLoRA.Storage.Tests;

[Trait("Category", "Unit")]
public sealed class LocalArtifactStoreTests : ArtifactStoreContract, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "blora-artifacts-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    protected override Task<IArtifactStore> StoreAsync() => Task.FromResult<IArtifactStore>(new LocalArtifactStore(root));

    [Fact]
    public async Task Files_land_under_the_root_and_staging_files_are_never_listed()
    {
        var store = await StoreAsync();
        await PutAsync(store, "sweeps/x/frontier.json", "{}");

        Assert.True(File.Exists(Path.Combine(root, "sweeps", "x", "frontier.json")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(root, ".staging")));
        Assert.Single(await ListAsync(store, ""));
    }
}
