package io.polybridge.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polybridge.command.CommandResult;
import io.polybridge.command.DedupEntry;
import io.polybridge.polytomic.ApiResult;
import io.polybridge.polytomic.PolytomicClient;
import io.polybridge.status.StatusEvent;
import io.polybridge.status.TrackedSync;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a native build would be given, checked where no native compiler runs: every build but a native one also writes
 * the native image's sources ({@code target/native-sources}), and this reads the configuration in them. A class the
 * bridge serializes or deserializes by reflection, a resource or a service it needs at run time, or a Kafka class it
 * names in its configuration that is missing here would be missing from the native executable, and fail there at run
 * time, mostly silently (Jackson writes an enum's constant name instead of its wire name, or an empty object).
 */
class NativeSourcesProcessIT {

    private static final java.nio.file.Path SOURCES = Paths.get("target", "native-sources");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the bridge writes to or reads from Kafka as JSON, beside what its API client and endpoints carry. */
    private static final List<Class<?>> MESSAGES =
            List.of(CommandResult.class, StatusEvent.class, DedupEntry.class, TrackedSync.class);

    private static Map<String, JsonNode> reflection;
    private static List<String> resources;
    private static String arguments;

    @BeforeAll
    static void readNativeSources() throws IOException {
        assertThat(SOURCES.resolve("native-image.args"))
                .as("the native sources of this build")
                .isRegularFile();
        arguments = Files.readString(SOURCES.resolve("native-image.args"));
        java.nio.file.Path runner;
        try (Stream<java.nio.file.Path> files = Files.list(SOURCES)) {
            runner = files.filter(p -> p.toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow();
        }
        try (JarFile jar = new JarFile(runner.toFile())) {
            reflection = new HashMap<>();
            for (JsonNode entry : read(jar, "META-INF/native-image/reflect-config.json")) {
                reflection.merge(entry.path("name").asText(), entry, NativeSourcesProcessIT::richer);
            }
            resources = new ArrayList<>();
            read(jar, "META-INF/native-image/resource-config.json")
                    .path("resources")
                    .path("includes")
                    .forEach(r -> resources.add(r.path("pattern").asText()));
        }
    }

    @Test
    void everyTypeTheBridgeReadsOrWritesAsJsonIsRegisteredForReflection() throws Exception {
        Set<Class<?>> roots = new LinkedHashSet<>(MESSAGES);
        roots.addAll(apiTypes());
        roots.addAll(endpointTypes());
        Set<Class<?>> types = closure(roots);
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : types) {
            JsonNode entry = reflection.get(type.getName());
            boolean complete = entry != null
                    && entry.path("allDeclaredConstructors").asBoolean()
                    && entry.path("allDeclaredMethods").asBoolean();
            if (!complete) {
                missing.add(type.getName() + (entry == null ? " (absent)" : " (partial: " + entry + ")"));
            }
        }
        System.out.printf(
                "Native sources: %d reflection entries, %d bridge types (de)serialized by reflection, %d missing%n",
                reflection.size(), types.size(), missing.size());
        // The walk found what it should: messages, API answers and bodies, endpoint bodies, and the enums in them.
        assertThat(types.stream().map(Class::getSimpleName))
                .contains(
                        "CommandResult",
                        "BulkExecution",
                        "ActivateRequest",
                        "ModelStartRequest",
                        "WebhookRequest",
                        "RedriveRequest",
                        "SyncKind");
        assertThat(missing)
                .as("types Jackson needs by reflection in a native executable")
                .isEmpty();
    }

    @Test
    void everyKafkaClassNamedInTheConfigurationCanBeInstantiatedReflectively() throws IOException {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(Paths.get("src/main/resources/application.properties"))) {
            config.load(in);
        }
        Set<String> named = new TreeSet<>();
        for (String key : config.stringPropertyNames()) {
            if (key.endsWith("serializer") || key.endsWith("deserializer") || key.endsWith(".class")) {
                named.add(config.getProperty(key).strip());
            }
        }
        assertThat(named).as("Kafka classes named in application.properties").isNotEmpty();
        assertThat(named.stream().filter(name -> !reflection.containsKey(name)))
                .as("classes Kafka instantiates by name")
                .isEmpty();
    }

    @Test
    void theResourcesAndServicesTheBridgeNeedsAtRunTimeAreIncluded() {
        // Why each: the OpenAPI document (/q/openapi, Swagger UI), the MDC behind every command's log fields,
        // configuration, and JSON-P for health.
        List<String> needed = List.of(
                "META-INF/quarkus-generated-openapi-doc.JSON",
                "META-INF/services/org.jboss.logmanager.MDCProvider",
                "META-INF/services/org.eclipse.microprofile.config.spi.ConfigProviderResolver",
                "META-INF/services/jakarta.json.spi.JsonProvider");
        List<String> literal = resources.stream()
                .map(p -> p.replace("\\Q", "").replace("\\E", ""))
                .toList();
        assertThat(literal).containsAll(needed);
        // Managed Kafka: SASL SCRAM and OAUTHBEARER need their security providers in the image.
        assertThat(arguments)
                .contains("org.apache.kafka.common.security.scram.internals.ScramSaslClientProvider")
                .contains("OAuthBearerSaslClientProvider");
    }

    /** The bodies of every answer the API client reads and every request body it sends. */
    private static Set<Class<?>> apiTypes() throws ClassNotFoundException {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Method method : PolytomicClient.class.getDeclaredMethods()) {
            // Uni<ApiResult<T>>: the answer's body is T; ApiResult itself is never (de)serialized.
            if (Modifier.isPublic(method.getModifiers())
                    && method.getGenericReturnType() instanceof ParameterizedType uni
                    && uni.getRawType() == Uni.class
                    && uni.getActualTypeArguments()[0] instanceof ParameterizedType result
                    && result.getRawType() == ApiResult.class) {
                collect(result.getActualTypeArguments()[0], types);
            }
        }
        // Request bodies, which the client writes with Jackson: by the package's convention, its *Request records.
        for (Class<?> type : classesUnder("io/polybridge/polytomic")) {
            if (type.isRecord() && type.getSimpleName().endsWith("Request")) {
                types.add(type);
            }
        }
        return types;
    }

    /** Request and response bodies of the HTTP endpoints, including records a resource returns inside a Response. */
    private static Set<Class<?>> endpointTypes() throws ClassNotFoundException {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Class<?> type : classesUnder("io/polybridge")) {
            if (type.isAnnotationPresent(Path.class)) {
                for (Method method : type.getDeclaredMethods()) {
                    if (Modifier.isPublic(method.getModifiers())) {
                        collect(method.getGenericReturnType(), types);
                        for (Type parameter : method.getGenericParameterTypes()) {
                            collect(parameter, types);
                        }
                    }
                }
                for (Class<?> nested : type.getDeclaredClasses()) {
                    if (nested.isRecord()) {
                        types.add(nested);
                    }
                }
            }
        }
        return types;
    }

    /** The bridge's own types reachable from the roots through record components, generics and enums. */
    private static Set<Class<?>> closure(Set<Class<?>> roots) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            Class<?> type = queue.pop();
            if (!type.getName().startsWith("io.polybridge.") || !seen.add(type)) {
                continue;
            }
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    Set<Class<?>> found = new LinkedHashSet<>();
                    collect(component.getGenericType(), found);
                    queue.addAll(found);
                }
            }
        }
        return seen;
    }

    private static void collect(Type type, Set<Class<?>> into) {
        if (type instanceof Class<?> c) {
            if (c.getName().startsWith("io.polybridge.")) {
                into.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), into);
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, into);
            }
        }
    }

    private static List<Class<?>> classesUnder(String root) throws ClassNotFoundException {
        java.nio.file.Path classes = Paths.get("target", "classes");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve(root))) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                found.add(Class.forName(name, false, NativeSourcesProcessIT.class.getClassLoader()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static JsonNode read(JarFile jar, String entry) throws IOException {
        var found = jar.getEntry(entry);
        assertThat(found).as(entry + " in the native sources").isNotNull();
        try (InputStream in = jar.getInputStream(found)) {
            return JSON.readTree(in);
        }
    }

    /** Several entries may name one class: what any of them opens is open. */
    private static JsonNode richer(JsonNode a, JsonNode b) {
        com.fasterxml.jackson.databind.node.ObjectNode merged = a.deepCopy();
        b.fields().forEachRemaining(field -> {
            if (!field.getValue().isBoolean() || field.getValue().asBoolean()) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }
}
