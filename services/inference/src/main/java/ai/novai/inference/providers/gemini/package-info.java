/**
 * The translator for Google's Gemini API ({@code models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}): OpenAI-style chat requests become Gemini's {@code contents} of
 * {@code parts} (system messages apart as {@code systemInstruction}, tool calls and results as
 * {@code functionCall} / {@code functionResponse} parts, a JSON response format as {@code responseJsonSchema}),
 * and Gemini's candidates and {@code usageMetadata} come back as NovAI's completions and chunks.
 */
package ai.novai.inference.providers.gemini;
