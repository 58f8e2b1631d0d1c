/**
 * HTTP conventions both backends meet at their upstreams.
 */
package ai.novai.common.http;
