/**
 * NovAI's performance benchmark: one run, one machine, the same load generator against a fake OpenAI
 * upstream directly and through NovAI (gateway, inference and embedding as separate JVMs), so the difference
 * between the two columns is what NovAI adds; for embeddings, NovAI's local model behind NovAI against the
 * same model called in process. {@link ai.novai.bench.BenchMain} is the entry point; {@code bench/run.sh}
 * builds and runs it.
 */
package ai.novai.bench;
