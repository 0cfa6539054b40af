namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>A panel's place on Grafana's grid: 24 columns, rows of ~30 px.</summary>
internal sealed record GridPos(int X, int Y, int W, int H);
