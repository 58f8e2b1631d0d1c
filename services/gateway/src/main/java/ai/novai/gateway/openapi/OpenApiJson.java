package ai.novai.gateway.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import ai.novai.gateway.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Serves the JSON form of the spec at {@code /openapi}. helidon-openapi serves the YAML form well, but
 * its YAML-to-JSON conversion (4.5.0) writes YAML nulls as {@code !!null "null"}, which is not JSON, and
 * the spec's examples are full of OpenAI's {@code "param": null}. So a client asking for JSON
 * ({@code Accept: application/json} or {@code ?format=JSON}) gets the spec converted here, once, by
 * Jackson; everything else goes on to helidon-openapi.
 */
public final class OpenApiJson implements HttpFeature {

    private static final String PATH = "/openapi";

    private final byte[] json;

    private OpenApiJson(byte[] json) {
        this.json = json;
    }

    /** Converts the spec found on the classpath at this location. */
    public static OpenApiJson fromClasspath(String location) {
        try (InputStream yaml = OpenApiJson.class.getClassLoader().getResourceAsStream(location)) {
            if (yaml == null) {
                throw new IllegalStateException("OpenAPI spec not on the classpath: " + location);
            }
            JsonNode spec = new YAMLMapper().readTree(yaml);
            return new OpenApiJson(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(this::serveJson);
    }

    private void serveJson(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!PATH.equals(request.path().path()) || !wantsJson(request)) {
            chain.proceed();
            return;
        }
        response.status(Status.OK_200);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(json);
    }

    private static boolean wantsJson(RoutingRequest request) {
        boolean formatJson = request.query().first("format")
                .map(format -> format.toUpperCase(Locale.ROOT).equals("JSON"))
                .orElse(false);
        // YAML first: a client that accepts anything gets YAML, helidon-openapi's default
        return formatJson || request.headers().bestAccepted(MediaTypes.APPLICATION_YAML,
                                                             MediaTypes.create("application", "vnd.oai.openapi"),
                                                             MediaTypes.TEXT_PLAIN,
                                                             MediaTypes.APPLICATION_JSON)
                .map(MediaTypes.APPLICATION_JSON::equals)
                .orElse(false);
    }
}
