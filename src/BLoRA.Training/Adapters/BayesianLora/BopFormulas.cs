namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>Bit operations (blora-method.md section 5): BOPs of a matmul = MACs * bits(weight) * bits(activation).</summary>
public static class BopFormulas
{
    /// <summary>
    /// Adapter BOPs per token: r d_in b_x b_A + r b_u b_E + d_out r b_v b_B.
    /// </summary>
    public static double AdapterBops(long rank, long dIn, long dOut, int bx, int bA, int bu, int bE, int bv, int bB) =>
        ((double)rank * dIn * bx * bA) + ((double)rank * bu * bE) + ((double)dOut * rank * bv * bB);

    /// <summary>A frozen matmul per token: d_in d_out b_x b_W.</summary>
    public static double LinearBops(long dIn, long dOut, int bx = 32, int bw = 32) => (double)dIn * dOut * bx * bw;

    /// <summary>Attention score and value matmuls of one layer for one example of length L: 2 L^2 hidden MACs at 32x32.</summary>
    public static double AttentionBops(long length, long hidden) => 2.0 * length * length * hidden * 32 * 32;
}
