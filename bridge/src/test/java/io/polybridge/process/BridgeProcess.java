package io.polybridge.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** The packaged bridge as a separate JVM, as it runs in production: started, probed, stopped or killed. */
public final class BridgeProcess implements JvmProcess, AutoCloseable {

    /**
     * The JVM options of the container image as the Kubernetes manifests run it (src/main/docker/Dockerfile.jvm,
     * application.properties "Kubernetes"): the heap the manifests' memory limit and JAVA_MAX_MEM_RATIO give, Parallel
     * GC, the image's code cache and metaspace bounds. docs/cost-and-footprint.md says how they were sized.
     */
    public static final List<String> IMAGE_JVM_OPTIONS = List.of(
            "-Xmx192m",
            "-XX:+UseParallelGC",
            "-XX:ReservedCodeCacheSize=64m",
            "-XX:MaxMetaspaceSize=128m",
            "-XX:TrimNativeHeapInterval=30000",
            "-Djdk.nio.maxCachedBufferSize=262144");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The operator token every bridge started here accepts (a static API token, as production would give it). */
    public static final String TOKEN = "process-operator-token-5b8e2d4f6a1c9037";

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Process process;
    private final long startedNanos = System.nanoTime();

    private BridgeProcess(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /**
     * JVM options for tests that kill bridges: the group notices a killed member within 6 s instead of the Kafka
     * client's default session timeout of 45 s, during which its partitions wait. Such a test is about what survives
     * a crash, not about how long the group takes to notice one; the bridge itself keeps the client's default.
     */
    public static final List<String> QUICK_CRASH_DETECTION = List.of(
            "-Dmp.messaging.incoming.polytomic-commands.session.timeout.ms=6000",
            "-Dmp.messaging.incoming.polytomic-commands.heartbeat.interval.ms=2000");

    /** Topics of their own, named after {@code prefix}, for a bridge that must not meet another's records. */
    public static Map<String, String> topicsNamed(String prefix) {
        return Map.of(
                "BRIDGE_TOPICS_COMMANDS", prefix + ".commands",
                "BRIDGE_TOPICS_DEAD_LETTER", prefix + ".commands.dlq",
                "BRIDGE_TOPICS_COMMAND_RESULTS", prefix + ".command-results",
                "BRIDGE_TOPICS_COMMAND_DEDUP", prefix + ".command-dedup",
                "BRIDGE_TOPICS_STATUS", prefix + ".status",
                "BRIDGE_TOPICS_STATUS_STATE", prefix + ".status-state",
                "BRIDGE_TOPICS_STATUS_HINTS", prefix + ".status-hints");
    }

    public static BridgeProcess start(
            String name, String bootstrap, String apiUrl, String apiKey, Map<String, String> extra) throws IOException {
        return start(name, bootstrap, apiUrl, apiKey, extra, List.of());
    }

    /** The bridge this build packaged, with JVM options after the image's. */
    public static BridgeProcess start(
            String name,
            String bootstrap,
            String apiUrl,
            String apiKey,
            Map<String, String> extra,
            List<String> jvmArgs)
            throws IOException {
        Path jar = Path.of(System.getProperty("bridge.jar", "target/quarkus-app/quarkus-run.jar"));
        return start(jar, name, bootstrap, apiUrl, apiKey, extra, jvmArgs);
    }

    /**
     * The packaged bridge at {@code jar} with JVM options after the image's ({@link #IMAGE_JVM_OPTIONS}), so that they
     * override them (e.g. another heap size to compare with).
     */
    public static BridgeProcess start(
            Path jar,
            String name,
            String bootstrap,
            String apiUrl,
            String apiKey,
            Map<String, String> extra,
            List<String> jvmArgs)
            throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException("packaged bridge not found at " + jar + "; run ./mvnw verify");
        }
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "process-logs", name + ".log");
        Files.createDirectories(log.getParent());
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                bootstrap,
                "POLYTOMIC_URL",
                apiUrl,
                "POLYTOMIC_API_KEY",
                apiKey,
                "QUARKUS_HTTP_PORT",
                String.valueOf(port),
                "BRIDGE_INSTANCE_ID",
                name,
                "BRIDGE_STATUS_INTERVAL",
                "1s",
                "BRIDGE_COMMANDS_RETRY_DELAY",
                "100ms",
                "BRIDGE_COMMANDS_MAX_RETRY_DELAY",
                "1s"));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        // As the image sets it: two malloc arenas, not one per thread that ever allocated natively (up to 8 per core).
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("BRIDGE_SECURITY_TOKENS_PROCESS_VALUE", TOKEN);
        env.put("BRIDGE_SECURITY_TOKENS_PROCESS_ROLE", "operator");
        // A null value removes a setting the bridge gets by default here (e.g. its token).
        extra.forEach((key, value) -> {
            if (value == null) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
        });
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(IMAGE_JVM_OPTIONS);
        // Extra JVM options for every bridge started, e.g. -Dbridge.jvm-args=-XX:StartFlightRecording to profile it.
        String extraJvmArgs = System.getProperty("bridge.jvm-args", "").strip();
        if (!extraJvmArgs.isEmpty()) {
            command.addAll(List.of(extraJvmArgs.split("\\s+")));
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new BridgeProcess(name, port, managementPort, log, builder.start());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** Waits until readiness answers UP (Kafka connected, breaker closed); returns the time from start. */
    public Duration awaitReady(Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            return status("/q/health/ready") == 200;
        });
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Waits for the process to end by itself (e.g. refusing to start); its exit code. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still runs after " + atMost + "; see " + log);
        }
        return process.exitValue();
    }

    /** What the process has logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /**
     * The body of a GET, or an empty string when the process does not answer: {@code /q/…} (health, metrics) from the
     * management port, anything else from the HTTP API with the operator token.
     */
    public String get(String path) {
        return exchange(path, HttpResponse.BodyHandlers.ofString())
                .map(HttpResponse::body)
                .orElse("");
    }

    /** A POST without a body to the HTTP API, with the operator token: its status and body. */
    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET, or 0 when the process does not answer (ports as for {@link #get}). */
    int status(String path) {
        return exchange(path, HttpResponse.BodyHandlers.discarding())
                .map(HttpResponse::statusCode)
                .orElse(0);
    }

    /** The status of a GET of the HTTP API without a credential. */
    int anonymousStatus(String path) {
        return send(api(path).build(), HttpResponse.BodyHandlers.discarding())
                .map(HttpResponse::statusCode)
                .orElse(0);
    }

    private <T> java.util.Optional<HttpResponse<T>> exchange(String path, HttpResponse.BodyHandler<T> body) {
        HttpRequest request = path.startsWith("/q/")
                ? HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + path))
                        .timeout(Duration.ofSeconds(2))
                        .build()
                : api(path).header("Authorization", "Bearer " + TOKEN).build();
        return send(request, body);
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(2));
    }

    private static <T> java.util.Optional<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return java.util.Optional.of(HTTP.send(request, body));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /**
     * Everything the process showed the outside world: its log so far, and while it runs its metrics, health and an
     * error body. R6: no credential may appear in any of them, neither the Polytomic one nor {@link #TOKEN}.
     */
    public List<String> surfaces() throws IOException {
        List<String> surfaces = new java.util.ArrayList<>();
        surfaces.add(Files.readString(log));
        if (process.isAlive()) {
            surfaces.add(get("/q/metrics"));
            surfaces.add(get("/q/health"));
            surfaces.add(get("/syncs/not-a-uuid"));
        }
        return surfaces;
    }

    /** SIGTERM: a graceful stop, the group rebalances at once. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** SIGKILL: a crash, nothing is cleaned up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A graceful stop (so that e.g. a flight recording is written), forced after 15 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
