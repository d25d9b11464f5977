package io.clusternode.openai;

/** Every test of {@link OpenAiCompatibleLlmProviderTest} again, on the JDK {@code HttpClient} transport. */
class OpenAiCompatibleLlmProviderJdkTransportTest extends OpenAiCompatibleLlmProviderTest {

    @Override
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.JDK;
    }
}
