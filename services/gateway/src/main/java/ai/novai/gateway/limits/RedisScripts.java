package ai.novai.gateway.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import ai.novai.gateway.observability.RedisSpans;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script kept in Redis' script cache: called by its SHA (one short round trip), loaded again
 * when Redis answers NOSCRIPT (after a restart or {@code SCRIPT FLUSH}).
 */
final class RedisScripts {

    private final String name;
    private final String source;
    private final String sha;

    private RedisScripts(String name, String source, String sha) {
        this.name = name;
        this.source = source;
        this.sha = sha;
    }

    /** The script {@code ai/novai/gateway/limits/<name>} from the class path. */
    static RedisScripts load(String name) {
        try (InputStream in = RedisScripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + name);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RedisScripts(name, source, sha1(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the script into Redis' script cache. */
    void load(RedisCommands<String, String> redis) {
        redis.scriptLoad(source);
    }

    /** Runs the script (in a client span when tracing is on); its answer is a list of integers. */
    List<Long> run(RedisCommands<String, String> redis, String[] keys, String... args) {
        return RedisSpans.around("EVALSHA", name, () -> runUntraced(redis, keys, args));
    }

    private List<Long> runUntraced(RedisCommands<String, String> redis, String[] keys, String... args) {
        try {
            return call(redis, keys, args);
        } catch (RedisNoScriptException e) {
            redis.scriptLoad(source);
            return call(redis, keys, args);
        }
    }

    /**
     * Runs the script without waiting for its answer (in a client span when tracing is on): the returned stage
     * completes with the answer, or exceptionally with Lettuce's exception.
     */
    CompletionStage<List<Long>> runAsync(RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        return RedisSpans.aroundAsync("EVALSHA", name, () -> callAsync(redis, keys, args)
                .exceptionallyCompose(failure -> unwrap(failure) instanceof RedisNoScriptException
                        ? redis.scriptLoad(source).thenCompose(loaded -> callAsync(redis, keys, args))
                        : CompletableFuture.failedFuture(unwrap(failure))));
    }

    private CompletionStage<List<Long>> callAsync(RedisAsyncCommands<String, String> redis, String[] keys,
                                                  String... args) {
        return redis.<Object>evalsha(sha, ScriptOutputType.MULTI, keys, args).thenApply(RedisScripts::integers);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private List<Long> call(RedisCommands<String, String> redis, String[] keys, String... args) {
        return integers(redis.evalsha(sha, ScriptOutputType.MULTI, keys, args));
    }

    private static List<Long> integers(Object answer) {
        if (answer instanceof List<?> list) {
            return list.stream().map(value -> ((Number) value).longValue()).toList();
        }
        return List.of(((Number) answer).longValue());
    }

    private static String sha1(String source) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
