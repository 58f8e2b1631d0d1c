/**
 * Running tool calls within their limits: arguments checked, time limited, output bounded, observed.
 */
package ai.novai.tools.execution;
