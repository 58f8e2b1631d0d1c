/**
 * NovAI's performance benchmark: one run, one machine, the same load generator against a fake OpenAI
 * upstream directly and through NovAI (gateway and inference as separate JVMs), so the difference between
 * the two columns is what NovAI adds. {@link ai.novai.bench.BenchMain} is the entry point; {@code bench/run.sh}
 * builds and runs it.
 */
package ai.novai.bench;
