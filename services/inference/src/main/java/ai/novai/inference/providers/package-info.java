/**
 * Provider adapters: one per upstream wire format, all behind {@link ai.novai.inference.providers.ChatProvider}.
 */
package ai.novai.inference.providers;
