/**
 * The tools the service offers, from every source, by the names models call them by.
 */
package ai.novai.tools.catalog;
