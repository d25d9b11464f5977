package io.clusternode.openai;

/** Every test of {@link OpenAiHardeningTest} again, on the JDK {@code HttpClient} transport. */
class OpenAiHardeningJdkTransportTest extends OpenAiHardeningTest {

    @Override
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.JDK;
    }
}
