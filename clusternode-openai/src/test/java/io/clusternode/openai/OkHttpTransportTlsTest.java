package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OkHttp transport over real TLS: a self-signed certificate for 127.0.0.1 made by the JDK's keytool. */
class OkHttpTransportTlsTest {

    private static SSLContext serverContext;
    private static SSLContext clientContext;
    private static X509TrustManager trustManager;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("test.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "loopback",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        clientContext = SSLContext.getInstance("TLS");
        trustManager = (X509TrustManager) tmf.getTrustManagers()[0];
        clientContext.init(null, new TrustManager[] {trustManager}, null);
    }

    @Test
    void httpsCallsReuseOneVerifiedTlsConnection() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")), serverContext)) {
            OpenAiConfig config = TestConfigs.fast(server).apiKey("sk-tls").build();
            assertThat(config.baseUrl()).startsWith("https://127.0.0.1:");
            try (OpenAiCompatibleLlmProvider provider = OpenAiCompatibleLlmProvider.withTransport(config,
                    new OkHttpTransport(config, clientContext, trustManager))) {
                for (int i = 0; i < 4; i++) {
                    assertThat(provider.call(List.of(Message.user("hi")), LlmConfig.defaults()).content())
                            .isEqualTo("12 * 7 is 84.");
                }
                assertThat(server.connections()).isEqualTo(1);
                assertThat(server.lastRequest().headers()).containsEntry("authorization", "Bearer sk-tls");
            }
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")), serverContext)) {
            // The certificate names 127.0.0.1 only; "localhost" reaches the same server but must not verify.
            OpenAiConfig config = TestConfigs.fast(server).maxRetries(0)
                    .baseUrl(server.baseUrl().replace("127.0.0.1", "localhost")).build();
            try (OpenAiCompatibleLlmProvider provider = OpenAiCompatibleLlmProvider.withTransport(config,
                    new OkHttpTransport(config, clientContext, trustManager))) {
                assertThatThrownBy(() -> provider.call(List.of(Message.user("hi")), LlmConfig.defaults()))
                        .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
                            assertThat(e.getMessage()).contains("cannot reach").containsIgnoringCase("SSL");
                        });
                assertThat(server.requests()).isEmpty();
            }
        }
    }
}
