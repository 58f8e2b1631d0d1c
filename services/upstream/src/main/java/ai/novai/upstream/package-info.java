/**
 * The one way NovAI's services call model providers over HTTP: the pooled client with its timeouts
 * ({@link ai.novai.upstream.UpstreamClient}, {@link ai.novai.upstream.UpstreamSettings}), the provider's
 * credentials and static headers ({@link ai.novai.upstream.ProviderHeaders}), streams (server-sent events:
 * {@link ai.novai.upstream.SseReader}; AWS event streams: {@link ai.novai.upstream.EventStreamReader}), and one
 * classification of every way a call can fail ({@link ai.novai.upstream.UpstreamException}). Provider formats live elsewhere, as pure translators.
 */
package ai.novai.upstream;
