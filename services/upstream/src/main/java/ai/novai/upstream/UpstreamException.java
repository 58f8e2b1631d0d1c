package ai.novai.upstream;

/**
 * Every way a call to a provider can end other than with an answer, one closed set shared by every service that
 * calls providers, classified once by the upstream layer:
 * <ul>
 *     <li>{@link UpstreamFailure}: the provider could not answer (unreachable, rate limited, failing, too slow,
 *     a stream cut short); another attempt, later or elsewhere, may succeed;</li>
 *     <li>{@link UpstreamRejection}: the provider refused the request itself; the same request fails everywhere;</li>
 *     <li>{@link UpstreamCancelled}: the caller went away and the call was aborted; nobody's fault.</li>
 * </ul>
 * Callers switch over it exhaustively: a new case is a compile error wherever it matters.
 */
public sealed abstract class UpstreamException extends RuntimeException
        permits UpstreamFailure, UpstreamRejection, UpstreamCancelled {

    UpstreamException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
    }
}
