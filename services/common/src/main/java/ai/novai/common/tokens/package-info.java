/**
 * Token counting shared by the gateway (estimates before a call) and the backends (usage a provider
 * does not report).
 */
package ai.novai.common.tokens;
