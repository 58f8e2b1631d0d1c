package ai.novai.embedding;

/**
 * Vector arithmetic for assertions.
 */
final class Vectors {

    private Vectors() {
    }

    /** Largest difference between two vectors' components. */
    static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** Cosine similarity. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }

    /** Euclidean length. */
    static double norm(float[] a) {
        return Math.sqrt(sumOfSquares(a));
    }

    private static double sumOfSquares(float[] a) {
        double squares = 0;
        for (float value : a) {
            squares += value * value;
        }
        return squares;
    }
}
