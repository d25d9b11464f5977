package io.clusternode.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://postgres:pw-SECRET@127.0.0.1:5432/test",
            "redis://:pw-SECRET@127.0.0.1:6379",
            "redis://default:pw-SECRET@127.0.0.1:6379/2",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=pw-SECRET",
            "https://user:pw-SECRET@api.example/v1",
            "https://api.example/v1?api_key=pw-SECRET",
            "postgresql://a:b@c/d?sslpassword=pw-SECRET&max=5",
            "http://u:pw-SECRET@host",
    })
    void hidesEverySecretPart(String spec) {
        assertThat(Redaction.url(spec)).doesNotContain("pw-SECRET").contains(Redaction.MASK);
        assertThat(Redaction.line("cannot connect to " + spec + " now")).doesNotContain("pw-SECRET");
    }

    @Test
    void keepsWhatIsHarmless() {
        assertThat(Redaction.url("postgresql://bob:pw@db.example:6543/chat?max=20&ttl=60&prefix=cn_&sslmode=require"))
                .isEqualTo("postgresql://bob:***@db.example:6543/chat?max=20&ttl=60&prefix=cn_&sslmode=require");
        assertThat(Redaction.url("sqlite:./chat.db?max=5")).isEqualTo("sqlite:./chat.db?max=5");
        assertThat(Redaction.url("postgresql://bob@db/chat")).isEqualTo("postgresql://bob@db/chat");
        assertThat(Redaction.url("https://api.deepseek.com/v1")).isEqualTo("https://api.deepseek.com/v1");
        assertThat(Redaction.url(null)).isNull();
    }

    @Test
    void anAtSignInThePathIsNotUserInfo() {
        assertThat(Redaction.url("https://host/users/@me")).isEqualTo("https://host/users/@me");
    }

    @Test
    void foldsAndBoundsFreeText() {
        String huge = "Batch entry 0 INSERT INTO t VALUES ('" + "x".repeat(1_000_000) + "')\nwas aborted";
        String line = Redaction.line(huge);
        assertThat(line).hasSizeLessThanOrEqualTo(Redaction.MAX_LINE).doesNotContain("\n").endsWith("…");
        assertThat(Redaction.line("a\r\n  b")).isEqualTo("a b");
        assertThat(Redaction.line(null)).isEmpty();
    }
}
