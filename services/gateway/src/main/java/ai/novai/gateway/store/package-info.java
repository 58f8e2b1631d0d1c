/**
 * The gateway's durable state: connection pool, migrations and the DB client.
 */
package ai.novai.gateway.store;
