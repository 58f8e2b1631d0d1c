/**
 * Bootstrap shared by NovAI's gRPC backends.
 */
package ai.novai.common.server;
