package io.clusternode.openai;

/** Every test of {@link OpenAiStreamingTest} again, on the JDK {@code HttpClient} transport. */
class OpenAiStreamingJdkTransportTest extends OpenAiStreamingTest {

    @Override
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.JDK;
    }
}
