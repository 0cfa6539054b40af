using System.Text;
using BLoRA.Abstractions;

namespace BLoRA.Storage.Tests;

/// <summary>The behaviour every <see cref="IArtifactStore"/> must have; each implementation's tests derive from it.</summary>
public abstract class ArtifactStoreContract
{
    protected abstract Task<IArtifactStore> StoreAsync();

    [Fact]
    public async Task Put_then_get_round_trips_and_put_again_overwrites()
    {
        var store = await StoreAsync();
        var key = ArtifactKeys.Checkpoint("s1", "s1.t00001", 40);

        await PutAsync(store, key, "first");
        await PutAsync(store, key, "second");

        Assert.Equal("second", await GetAsync(store, key));
    }

    [Fact]
    public async Task Get_and_delete_of_a_missing_key_say_so()
    {
        var store = await StoreAsync();

        Assert.Null(await store.OpenReadAsync("sweeps/none/frontier.json"));
        Assert.False(await store.DeleteAsync("sweeps/none/frontier.json"));
    }

    [Fact]
    public async Task List_returns_keys_under_a_prefix_in_order_with_sizes_and_delete_removes()
    {
        var store = await StoreAsync();
        await PutAsync(store, ArtifactKeys.FrontierCsv("s2"), "a,b\n");
        await PutAsync(store, ArtifactKeys.FrontierJson("s2"), "{}");
        await PutAsync(store, ArtifactKeys.Adapter("s2", "s2.t00000"), "weights");
        await PutAsync(store, ArtifactKeys.FrontierJson("s20"), "{}");

        var listed = await ListAsync(store, "sweeps/s2/");
        Assert.Equal(["sweeps/s2/frontier.csv", "sweeps/s2/frontier.json", "sweeps/s2/trials/s2.t00000/adapter.safetensors"], listed.Select(i => i.Key));
        Assert.Equal(7, listed[2].Length);

        Assert.True(await store.DeleteAsync(ArtifactKeys.FrontierCsv("s2")));
        Assert.Equal(2, (await ListAsync(store, "sweeps/s2/")).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("sweeps//x")]
    [InlineData("sweeps/.hidden")]
    [InlineData("sweeps/a b")]
    [InlineData("/absolute")]
    public async Task Invalid_keys_are_refused(string key)
    {
        var store = await StoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => PutAsync(store, key, "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key));
    }

    protected static async Task PutAsync(IArtifactStore store, string key, string text)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await store.PutAsync(key, content, "text/plain");
    }

    protected static async Task<string?> GetAsync(IArtifactStore store, string key)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var stream = await store.OpenReadAsync(key);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    protected static async Task<List<ArtifactInfo>> ListAsync(IArtifactStore store, string prefix)
    {
        ArgumentNullException.ThrowIfNull(store);
        var found = new List<ArtifactInfo>();
        await foreach (var info in store.ListAsync(prefix))
        {
            found.Add(info);
        }

        return found;
    }
}
