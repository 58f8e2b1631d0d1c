/**
 * The interactive API reference at {@code /docs}: Swagger UI, served from its webjar on the classpath (no CDN),
 * over the gateway's own spec, with "Try it out" sent to the gateway the page came from.
 */
package ai.novai.gateway.docs;
