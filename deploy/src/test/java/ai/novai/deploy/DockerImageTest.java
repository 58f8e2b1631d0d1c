package ai.novai.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/** The Dockerfile's shape (no engine here to build it), {@code .dockerignore} and the health check script. */
class DockerImageTest {

    private static final String DOCKERFILE = Repo.read("Dockerfile");
    private static final List<String> LINES = DOCKERFILE.lines().map(String::strip).toList();

    @Test
    void buildsWithTheWrapperOnAJdkAndRunsOnAJreOnly() {
        List<String> stages = LINES.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(stages.size(), is(2));
        assertThat(stages.get(0), is("FROM ${BUILD_IMAGE} AS build"));
        assertThat(stages.get(1), is("FROM ${RUNTIME_IMAGE}"));
        // a JDK to build on, a JRE to run on, both replaceable by a digest-pinned reference
        assertThat(DOCKERFILE, containsString("ARG BUILD_IMAGE=eclipse-temurin:${JAVA_VERSION}-jdk"));
        assertThat(DOCKERFILE, containsString("ARG RUNTIME_IMAGE=eclipse-temurin:${JAVA_VERSION}-jre"));
        assertThat(DOCKERFILE, containsString("./mvnw -B -ntp -DskipTests -pl \"services/${SERVICE}\" -am package"));
        String runtime = DOCKERFILE.substring(DOCKERFILE.indexOf(stages.get(1)));
        assertThat(runtime, not(containsString("mvnw")));
        assertThat(runtime, not(containsString("COPY services")));
    }

    @Test
    void everyServiceIsAModuleTheImageBuildPackagesAndAnExampleBuild() {
        String rootPom = Repo.read("pom.xml");
        for (String service : Services.ALL) {
            // SERVICE=<service>: -pl services/<service>, then target/novai-<service>.jar and target/libs
            assertThat(service, rootPom, containsString("<module>services/" + service + "</module>"));
            String pom = Repo.read("services/" + service + "/pom.xml");
            assertThat(service, pom, containsString("<artifactId>novai-" + service + "</artifactId>"));
            assertThat(service + " copies its libraries (target/libs)", pom, containsString("<id>copy-libs</id>"));
            Pattern example = Pattern.compile("#\\s+docker build --build-arg SERVICE=" + service
                                                      + "\\s+--build-arg PORT=" + Services.PORTS.get(service)
                                                      + "\\s+-t novai/" + service + " \\.");
            assertThat(service + "'s example build", example.matcher(DOCKERFILE).find(), is(true));
        }
    }

    @Test
    void dependenciesAreALayerBelowTheApplication() {
        // root-owned and read-only for everyone: the service's user cannot change its code
        int deps = indexOf("COPY --from=build --chmod=755 /layers/deps/ /app/");
        int app = indexOf("COPY --from=build --chmod=755 /layers/app/ /app/");
        assertThat(deps, lessThan(app));
        assertThat(DOCKERFILE, containsString("mv /layers/deps/libs/novai-*.jar /layers/app/libs/"));
    }

    @Test
    void runsAsANumericNonRootUserWithContainerJvmFlags() {
        assertThat(LINES.stream().filter(line -> line.startsWith("USER ")).toList(), is(List.of("USER 10001:10001")));
        assertThat(DOCKERFILE, containsString("-XX:MaxRAMPercentage"));
        assertThat(DOCKERFILE, containsString("-XX:+ExitOnOutOfMemoryError"));
        assertThat(DOCKERFILE, containsString("-Djava.io.tmpdir=/tmp"));
        assertThat(DOCKERFILE, containsString("DJL_CACHE_DIR=/tmp/djl"));
        // the flag only JDK 24+ knows is added only there
        assertThat(DOCKERFILE, containsString(
                "if [ \"${JAVA_VERSION}\" -ge 24 ]; then echo \"--sun-misc-unsafe-memory-access=allow\"; fi"));
        assertThat(LINES.getLast(), is("ENTRYPOINT [\"java\", \"@/app/jvm.args\", \"-jar\", \"/app/app.jar\"]"));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndSecrets() {
        List<String> ignored = Repo.read(".dockerignore").lines().toList();
        for (String pattern : List.of("**/target/", ".git/", ".env", ".novai/", "!deploy/pom.xml", "!deploy/docker/")) {
            assertThat(pattern, ignored.contains(pattern), is(true));
        }
    }

    @Test
    void theHealthCheckScriptIsHealthyOnlyOn200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/observe/health/ready", exchange -> answer(exchange, 200));
        server.createContext("/draining", exchange -> answer(exchange, 503));
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertThat(healthcheck(String.valueOf(port), "/observe/health/ready"), is(0));
            assertThat(healthcheck(String.valueOf(port), "/draining"), is(1));
            server.stop(0);
            assertThat(healthcheck(String.valueOf(port), "/observe/health/ready"), not(is(0)));
        } finally {
            server.stop(0);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static int healthcheck(String port, String path) throws Exception {
        Process process = new ProcessBuilder("bash", Repo.path("deploy/docker/healthcheck.sh").toString(), port, path)
                .redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("healthcheck.sh did not finish");
        }
        return process.exitValue();
    }

    private static int indexOf(String line) {
        int index = LINES.indexOf(line);
        assertThat(line, index >= 0, is(true));
        return index;
    }
}
