package ai.novai.embedding.local;

import io.helidon.config.Config;

/**
 * How onnxruntime runs the local models ({@code embedding.onnx.*}).
 *
 * @param intraOpThreads threads one model pass uses; the batcher runs one pass at a time, so this is the
 *                       share of the CPU the model gets. Default: the cores the JVM sees (2 on the dev
 *                       machine), leaving tokenizing and gRPC to interleave with it.
 * @param allowSpinning  whether idle onnxruntime threads spin waiting for work: lower latency, but they
 *                       burn CPU that tokenizing and gRPC on a small machine need
 */
public record OnnxSettings(int intraOpThreads, boolean allowSpinning) {

    public OnnxSettings {
        if (intraOpThreads < 1) {
            throw new IllegalStateException("embedding.onnx.intra-op-threads must be at least 1, was "
                                                    + intraOpThreads);
        }
    }

    /** The settings under {@code embedding.onnx}. */
    public static OnnxSettings from(Config onnx) {
        return new OnnxSettings(onnx.get("intra-op-threads").asInt()
                                        .orElse(Runtime.getRuntime().availableProcessors()),
                                onnx.get("allow-spinning").asBoolean().orElse(false));
    }
}
