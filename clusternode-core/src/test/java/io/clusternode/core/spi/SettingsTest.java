package io.clusternode.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final String SECRET = "sk-live-9f8e7d6c5b4a-very-secret";

    @Test
    void toStringNeverShowsValues() {
        Settings settings = Settings.of(Map.of("DEEPSEEK_API_KEY", SECRET, "BASE_URL", "http://127.0.0.1:1"))
                .overriddenBy(Map.of("REDIS_PASSWORD", SECRET + "-2"));
        assertThat(settings.toString()).doesNotContain(SECRET).doesNotContain("127.0.0.1")
                .contains("DEEPSEEK_API_KEY").contains("REDIS_PASSWORD");
    }

    @Test
    void readsValuesWithDefaultsAndOverrides() {
        Settings settings = Settings.of(Map.of("A", "1", "BLANK", "  "));
        assertThat(settings.get("A")).contains("1");
        assertThat(settings.get("BLANK")).isEmpty();
        assertThat(settings.get("MISSING")).isEmpty();
        assertThat(settings.get("MISSING", "d")).isEqualTo("d");
        assertThat(settings.get("BLANK", "d")).isEqualTo("d");
        Settings overridden = settings.overriddenBy(Map.of("A", "2", "B", "3"));
        assertThat(overridden.get("A")).contains("2");
        assertThat(overridden.get("B")).contains("3");
        assertThat(settings.get("A")).contains("1");
        assertThat(Settings.empty().get("A")).isEmpty();
        assertThat(Settings.environment()).isNotNull();
    }
}
