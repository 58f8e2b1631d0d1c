/**
 * Observability shared by every service: the process's OpenTelemetry instance and its bootstrap from the
 * standard {@code OTEL_*} environment, trace context in and out of gRPC calls and upstream HTTP requests,
 * trace ids in log lines, and the meters (Prometheus text at {@code /observe/metrics}) that more than one
 * service records.
 */
package ai.novai.common.telemetry;
