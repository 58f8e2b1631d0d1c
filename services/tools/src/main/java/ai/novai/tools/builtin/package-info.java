/**
 * The service's built-in tools ({@code novai__current_time}, {@code novai__http_fetch}) and the rules that
 * keep {@code http_fetch} from reaching what it must not.
 */
package ai.novai.tools.builtin;
