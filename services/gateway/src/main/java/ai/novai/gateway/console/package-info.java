/**
 * The operator console at {@code /ui}: a small single-page app (TypeScript and Preact, sources in
 * {@code src/main/ui}, built by the Maven build with the machine's Node) for keys, spend and usage, served from the
 * jar under a strict Content-Security-Policy.
 */
package ai.novai.gateway.console;
