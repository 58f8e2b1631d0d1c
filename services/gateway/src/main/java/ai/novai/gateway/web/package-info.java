/**
 * Files the gateway serves to browsers from its own jar ({@code /docs}, {@code /ui}): read once at start-up,
 * served from memory with a strong ETag and one set of security headers ({@link ai.novai.gateway.web.BrowserPages}).
 */
package ai.novai.gateway.web;
