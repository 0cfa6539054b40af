using SkiaSharp;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>
/// Renders every dashboard to a PNG from its queries' results (see <see cref="DashboardRenderer"/>). The pictures
/// in docs/images come from here: scripts/render-dashboards.sh sets BLORA_DASHBOARD_PREVIEW_DIR=docs/images;
/// otherwise they go to a temporary folder and are deleted.
/// </summary>
public sealed class DashboardPreviewTests(PrometheusServer prometheus) : IClassFixture<PrometheusServer>
{
    [Fact]
    public void Every_dashboard_renders_with_data_in_every_panel()
    {
        var target = Environment.GetEnvironmentVariable("BLORA_DASHBOARD_PREVIEW_DIR");
        var directory = string.IsNullOrEmpty(target) ? Directory.CreateTempSubdirectory("blora-preview-").FullName : Path.GetFullPath(target);
        try
        {
            var renderer = new DashboardRenderer(prometheus);
            foreach (var d in GrafanaDashboard.LoadAll())
            {
                var path = Path.Combine(directory, $"dashboard-{d.Uid["blora-".Length..]}.png");
                var drawn = renderer.Render(d, path);
                Assert.Equal(d.Panels.Select(p => p.Title).Distinct(StringComparer.Ordinal).Count(), drawn.Count);
                Assert.All(drawn, kv => Assert.True(kv.Value > 0, $"{d.File}: panel '{kv.Key}' drew no series"));
                using var image = SKBitmap.Decode(path);
                Assert.Equal(DashboardRenderer.Width, image.Width);
                Assert.True(image.Height > 600, $"{path} is only {image.Height} px high");
            }
        }
        finally
        {
            if (string.IsNullOrEmpty(target))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
