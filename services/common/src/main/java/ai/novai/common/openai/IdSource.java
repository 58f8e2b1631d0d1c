package ai.novai.common.openai;

/**
 * Ids for what an upstream answered without one (OpenAI-compatible servers leave out completion and tool-call
 * ids): the reader asks, so that ids keep the reading service's own style.
 */
public interface IdSource {

    /** A new completion id ({@code chatcmpl-...}). */
    String completion();

    /** A new tool call id ({@code call_...}). */
    String toolCall();
}
