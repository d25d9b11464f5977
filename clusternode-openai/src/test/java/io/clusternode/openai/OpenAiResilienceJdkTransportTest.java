package io.clusternode.openai;

/** Every test of {@link OpenAiResilienceTest} again, on the JDK {@code HttpClient} transport. */
class OpenAiResilienceJdkTransportTest extends OpenAiResilienceTest {

    @Override
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.JDK;
    }
}
