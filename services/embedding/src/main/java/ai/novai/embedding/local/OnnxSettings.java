package ai.novai.embedding.local;

import ai.novai.common.config.SettingsNode;
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

    /** The settings under {@code embedding.onnx}. */
    public static OnnxSettings from(Config onnx) {
        SettingsNode node = SettingsNode.of(onnx);
        return new OnnxSettings(node.integer("intra-op-threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                                node.bool("allow-spinning", false));
    }
}
