/**
 * The model registry shared by the inference and embedding services: providers, models, prices.
 */
package ai.novai.common.models;
