/**
 * Tests of the Python and TypeScript SDKs: their generated types kept equal to what the spec generates, and
 * each SDK's own test script run against the real services.
 */
package ai.novai.sdk;
