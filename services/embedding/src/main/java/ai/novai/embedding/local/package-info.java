/**
 * The local model: all-MiniLM-L6-v2 run in-process with onnxruntime, batched, for embeddings without any
 * provider key. The ONNX weights and the tokenizer are the ones langchain4j ships in its jar.
 */
package ai.novai.embedding.local;
