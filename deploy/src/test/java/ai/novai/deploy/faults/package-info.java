/**
 * Fault tests of issue 12 with real processes: the services' jars (built by the reactor before this module) run
 * as a deployment on this machine ({@link ai.novai.deploy.faults.FaultRig}: PostgreSQL, Redis, a slow fake OpenAI
 * upstream, inference replicas behind one name, gateway replicas), and are killed with SIGKILL or restarted with
 * SIGTERM while clients that behave like the official SDKs call them. Each test states its invariant and prints its
 * measured figures as {@code [faults] ...} lines (in the surefire output files).
 */
package ai.novai.deploy.faults;
