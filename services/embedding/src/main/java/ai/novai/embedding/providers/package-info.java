/**
 * What every embedding adapter shares: the provider interface, one call's data, its result, the errors
 * the contract names, and the cancellation signal of a call whose caller went away.
 */
package ai.novai.embedding.providers;
