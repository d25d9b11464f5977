package io.clusternode.workflow.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @Test
    void typesNamedCredentialsAndEnvironmentFallback() {
        Credentials credentials = Credentials.parse("""
                {"openAiApi": {"Main": {"apiKey": "sk-main"}, "Backup": {"apiKey": "sk-backup", "url": "http://b/v1"}},
                 "postgres": {"host": "127.0.0.1", "port": 5432, "database": "test"}}""", false, "c.json");
        Settings env = Settings.of(Map.of("OPENAI_BASE_URL", "http://env/v1", "PGPASSWORD", "pw"));
        Credential main = credentials.resolve("Model", "openAiApi", "Main", env);
        assertThat(main.get("apiKey")).contains("sk-main");
        assertThat(main.get("url")).contains("http://env/v1");
        assertThat(credentials.resolve("Model 2", "openAiApi", "Backup", env).get("url")).contains("http://b/v1");
        Credential pg = credentials.resolve("Memory", "postgres", null, env);
        assertThat(pg.get("port")).contains("5432");
        assertThat(pg.get("password")).contains("pw");
        assertThat(pg.toString()).doesNotContain("pw").contains("password");
        Credential fromEnv = Credentials.none().resolve("Model", "deepSeekApi", null, Settings.of(Map.of("DEEPSEEK_API_KEY", "k")));
        assertThat(fromEnv.require("apiKey", "DEEPSEEK_API_KEY")).isEqualTo("k");
    }

    @Test
    void missingCredentialNamesNodeAndType() {
        assertThatThrownBy(() -> Credentials.none().resolve("OpenAI Chat Model", "openAiApi", "OpenAi account", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_CREDENTIAL);
                    assertThat(e.getMessage()).contains("node 'OpenAI Chat Model'").contains("'openAiApi'")
                            .contains("OPENAI_API_KEY");
                });
        Credential partial = Credentials.parse("{\"openAiApi\": {\"url\": \"http://x/v1\"}}", false, "c")
                .resolve("M", "openAiApi", null, Settings.empty());
        assertThatThrownBy(() -> partial.require("apiKey", "OPENAI_API_KEY")).hasMessageContaining("field 'apiKey'");
    }

    @Test
    void yamlAndMalformedFilesNeverEchoSecrets(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("creds.yaml");
        Files.writeString(yaml, "openAiApi:\n  apiKey: sk-yaml\n  url: http://y/v1\n");
        assertThat(Credentials.load(yaml).resolve("M", "openAiApi", null, Settings.empty()).get("apiKey")).contains("sk-yaml");
        Path broken = dir.resolve("creds.json");
        Files.writeString(broken, "{\"openAiApi\": {\"apiKey\": \"sk-secret-123\" ");
        assertThatThrownBy(() -> Credentials.load(broken)).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
            assertThat(e.getMessage()).doesNotContain("sk-secret-123");
        });
        assertThat(Credentials.load(yaml).toString()).isEqualTo("Credentials[openAiApi]");
    }
}
