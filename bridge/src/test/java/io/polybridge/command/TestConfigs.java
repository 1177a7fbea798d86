package io.polybridge.command;

import io.polybridge.config.BridgeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** The bridge's typed config for plain unit tests: defaults, plus any overrides given. */
public final class TestConfigs {

    private TestConfigs() {}

    public static BridgeConfig bridge() {
        return bridge(Map.of());
    }

    public static BridgeConfig bridge(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(BridgeConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(overrides)
                .build();
        return config.getConfigMapping(BridgeConfig.class);
    }
}
