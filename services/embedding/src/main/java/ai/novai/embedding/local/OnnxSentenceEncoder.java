package ai.novai.embedding.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * A BERT-style sentence-transformers model run with onnxruntime: one network pass per batch, inputs
 * padded to the longest of the batch, then mean pooling over the real (attention-masked) tokens and L2
 * normalisation, which is how sentence-transformers computes all-MiniLM-L6-v2's embeddings.
 * <p>
 * langchain4j's {@code AllMiniLmL6V2EmbeddingModel} runs the same files one text per pass; a batch of 32
 * in one pass is several times cheaper. Its tokenizer file also cuts every input at 128 tokens, silently;
 * this encoder tokenizes without a limit so that the service can refuse or cut inputs itself.
 */
public final class OnnxSentenceEncoder implements TextEncoder {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    // sentence-transformers normalises with this floor, so that an all-zero vector stays finite
    private static final double MIN_NORM = 1e-12;

    private final LocalModelSpec spec;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final HuggingFaceTokenizer tokenizer;
    private boolean closed;

    private OnnxSentenceEncoder(LocalModelSpec spec, OrtEnvironment environment, OrtSession session,
                                HuggingFaceTokenizer tokenizer) throws OrtException {
        this.spec = spec;
        this.environment = environment;
        this.session = session;
        this.takesTokenTypes = session.getInputNames().contains(TOKEN_TYPE_IDS);
        this.tokenizer = tokenizer;
    }

    /**
     * Loads a model from the classpath; takes a few seconds (the graph is tens of megabytes).
     *
     * @throws IllegalStateException when the files are missing or onnxruntime cannot load them
     */
    public static OnnxSentenceEncoder load(LocalModelSpec spec, OnnxSettings settings) {
        HuggingFaceTokenizer tokenizer = null;
        try (OrtSession.SessionOptions options = sessionOptions(settings)) {
            // no padding (batches are padded here) and no truncation (the service decides what is too long)
            tokenizer = HuggingFaceTokenizer.newInstance(resource(spec.tokenizerResource()),
                                                         Map.of("padding", "false", "truncation", "false"));
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            byte[] graph;
            try (InputStream in = resource(spec.onnxResource())) {
                graph = in.readAllBytes();
            }
            return new OnnxSentenceEncoder(spec, environment, environment.createSession(graph, options), tokenizer);
        } catch (OrtException | IOException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw new IllegalStateException("cannot load the local embedding model " + spec.name() + ": "
                                                    + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions sessionOptions(OnnxSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", settings.allowSpinning() ? "1" : "0");
        return options;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = OnnxSentenceEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath resource " + name + " not found");
        }
        return in;
    }

    @Override
    public List<long[]> tokenize(List<String> texts) {
        if (texts.size() == 1) {
            return List.of(tokenizer.encode(texts.getFirst()).getIds());
        }
        // the tokenizer spreads a list over its own threads
        return Arrays.stream(tokenizer.batchEncode(texts)).map(Encoding::getIds).toList();
    }

    @Override
    public long[] truncate(long[] ids, int maxTokens) {
        if (ids.length <= maxTokens) {
            return ids;
        }
        // [CLS] and the first pieces, then the closing [SEP]: what the tokenizer's own truncation yields
        long[] cut = Arrays.copyOf(ids, maxTokens);
        cut[maxTokens - 1] = ids[ids.length - 1];
        return cut;
    }

    @Override
    public List<float[]> embed(List<long[]> batch) {
        int rows = batch.size();
        int width = batch.stream().mapToInt(ids -> ids.length).max().orElse(0);
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        for (int row = 0; row < rows; row++) {
            long[] input = batch.get(row);
            System.arraycopy(input, 0, ids, row * width, input.length);
            Arrays.fill(mask, row * width, row * width + input.length, 1L);
        }
        long[] shape = {rows, width};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * width]),
                                                             shape)) {
            Map<String, OnnxTensor> inputs = takesTokenTypes
                    ? Map.of(INPUT_IDS, idTensor, ATTENTION_MASK, maskTensor, TOKEN_TYPE_IDS, typeTensor)
                    : Map.of(INPUT_IDS, idTensor, ATTENTION_MASK, maskTensor);
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                return pool(hidden, batch, width);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("onnxruntime failed on a batch of " + rows + ": " + e.getMessage(), e);
        }
    }

    // hidden is [rows, width, dimensions]; a row's real tokens are its first ids.length positions
    private List<float[]> pool(FloatBuffer hidden, List<long[]> batch, int width) {
        int dimensions = spec.dimensions();
        List<float[]> vectors = new ArrayList<>(batch.size());
        double[] sum = new double[dimensions];
        for (int row = 0; row < batch.size(); row++) {
            Arrays.fill(sum, 0);
            int tokens = batch.get(row).length;
            for (int token = 0; token < tokens; token++) {
                int offset = (row * width + token) * dimensions;
                for (int d = 0; d < dimensions; d++) {
                    sum[d] += hidden.get(offset + d);
                }
            }
            double squares = 0;
            for (int d = 0; d < dimensions; d++) {
                sum[d] /= tokens;
                squares += sum[d] * sum[d];
            }
            double norm = Math.max(Math.sqrt(squares), MIN_NORM);
            float[] vector = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                vector[d] = (float) (sum[d] / norm);
            }
            vectors.add(vector);
        }
        return vectors;
    }

    @Override
    public int maxPositions() {
        return spec.maxPositions();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session of " + spec.name() + " failed", e);
        } finally {
            tokenizer.close();
        }
    }
}
