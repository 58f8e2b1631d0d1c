/**
 * The built-in deterministic test model {@code novai-echo}.
 */
package ai.novai.inference.providers.echo;
