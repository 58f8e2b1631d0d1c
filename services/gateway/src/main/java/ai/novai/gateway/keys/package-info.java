/**
 * API keys: how they look and are stored, authentication of API calls, and the admin API.
 */
package ai.novai.gateway.keys;
