# syntax=docker/dockerfile:1
# One image per NovAI service, from one parameterised Dockerfile:
#
#   docker build --build-arg SERVICE=gateway   --build-arg PORT=8080  -t novai/gateway .
#   docker build --build-arg SERVICE=inference --build-arg PORT=50051 -t novai/inference .
#   docker build --build-arg SERVICE=embedding --build-arg PORT=50052 -t novai/embedding .
#   docker build --build-arg SERVICE=tools     --build-arg PORT=50053 -t novai/tools .
#
# Stage 1 builds the service with the Maven wrapper on a JDK; the final stage is a JRE only (no Maven,
# no JDK, no sources) with the third-party jars in their own layer below the NovAI jars, so a code
# change rebuilds a few hundred kilobytes, not the dependencies. Runs as uid 10001.
#
# The tools image holds no runtime for stdio MCP servers (no node, npx, python or uvx): the registry's stdio
# commands must be added by an image built FROM novai/tools (USER 0 to install, then back to USER 10001:10001), or
# mounted read-only (the chart's tools.extraVolumes / tools.extraVolumeMounts).
ARG JAVA_VERSION=25
# The base images, to pin by digest where builds must be reproducible (a digest is looked up in the registry
# once, e.g. `docker buildx imagetools inspect eclipse-temurin:25-jre`, and reviewed when it changes):
#   --build-arg RUNTIME_IMAGE=eclipse-temurin:25-jre@sha256:<digest> (BUILD_IMAGE likewise)
ARG BUILD_IMAGE=eclipse-temurin:${JAVA_VERSION}-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:${JAVA_VERSION}-jre

FROM ${BUILD_IMAGE} AS build
ARG SERVICE=gateway
ARG JAVA_VERSION
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY proto/ proto/
COPY openapi/ openapi/
COPY services/ services/
# the root pom lists the deploy test module: its pom must exist, its tests are not needed here
COPY deploy/pom.xml deploy/pom.xml
# the gateway's build runs node to build its operator console (services/gateway/src/main/ui; npm ci from the lock)
RUN if [ "$SERVICE" = gateway ]; then \
      apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*; \
    fi
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -pl "services/${SERVICE}" -am package
# Split the runtime into layers: third-party jars (change rarely), NovAI's own jars (every build).
RUN set -eu; target="services/${SERVICE}/target"; \
    mkdir -p /layers/deps/libs /layers/app/libs; \
    cp "$target"/libs/*.jar /layers/deps/libs/; \
    mv /layers/deps/libs/novai-*.jar /layers/app/libs/; \
    cp "$target/novai-${SERVICE}.jar" /layers/app/app.jar; \
    # JVM flags for a container: die on OOM so the pod restarts,
    # temporary files (onnxruntime's native libraries) under /tmp, a writable volume in Kubernetes.
    { echo "-XX:+ExitOnOutOfMemoryError"; \
      echo "-XX:+UseContainerSupport"; \
      echo "-Djava.io.tmpdir=/tmp"; \
      echo "--enable-native-access=ALL-UNNAMED"; \
      if [ "${JAVA_VERSION}" -ge 24 ]; then echo "--sun-misc-unsafe-memory-access=allow"; fi; \
    } > /layers/app/jvm.args

FROM ${RUNTIME_IMAGE}
ARG SERVICE=gateway
ARG PORT=8080
# the port of /observe/health: the gateway's management port (HEALTH_PORT=8081), the backends' (inference, embedding,
# tools) one port
ARG HEALTH_PORT=${PORT}
LABEL org.opencontainers.image.title="novai-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/novai/novai-api"
RUN groupadd --system --gid 10001 novai \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin novai \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/novai/spool
WORKDIR /app
# owned by root, not writable by the service's user (755: octal, which every BuildKit takes): the process cannot
# change its own code
COPY --from=build --chmod=755 /layers/deps/ /app/
COPY --from=build --chmod=755 /layers/app/ /app/
COPY --chmod=0755 deploy/docker/healthcheck.sh /app/healthcheck.sh
# DJL (the embedding tokenizer) caches native code in ~/.djl.ai by default: keep it under /tmp too.
# Heap share of the container's memory limit, and extra JVM options: JDK_JAVA_OPTIONS (read by the java launcher,
# before the arguments, so it is kept out of jvm.args to stay overridable); the chart sets it per service (the
# embedding service leaves more room for onnxruntime's native memory, and counts the CPU request as its cores).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25" \
    SERVER_PORT=${PORT} \
    HEALTH_PORT=${HEALTH_PORT} \
    DJL_CACHE_DIR=/tmp/djl \
    HOME=/tmp
USER 10001:10001
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["java", "@/app/jvm.args", "-jar", "/app/app.jar"]
