package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionsCommandTest {

    @TempDir
    Path home;

    /** A memory no other test touches, kept across the commands of one test. */
    private final String memory = SharedTestMemoryFactory.PREFIX + UUID.randomUUID();

    private CliRunner cli() {
        return new CliRunner(home, Map.of());
    }

    @Test
    void listShowAndClearTheSessionsAChatWrote() {
        assertThat(cli().run("chat", "--memory", memory, "--session", "alice", "-m", "What is 12 * 7?").code())
                .isZero();
        assertThat(cli().run("chat", "--memory", memory, "--session", "bob", "-m", "hi").code()).isZero();

        CliRunner.Result list = cli().run("sessions", "list", "--memory", memory);
        assertThat(list.code()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("SESSION +MESSAGES +CREATED +LAST ACCESS +BYTES");
        assertThat(lines.subList(1, 3)).anySatisfy(line -> assertThat(line)
                .matches("alice +4 +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +\\S+ +\\d+"));
        assertThat(lines.subList(1, 3)).anySatisfy(line -> assertThat(line).matches("bob +2 .*"));

        CliRunner.Result show = cli().run("sessions", "show", "alice", "--memory", memory);
        assertThat(show.code()).isZero();
        // The simulated model's call ids are unique per conversation ("call_<hash>_1"), so match their shape.
        assertThat(show.out().replaceAll("call_\\w+", "call_ID").lines().toList()).containsExactly(
                "user: What is 12 * 7?",
                "assistant: [calls calculator {\"expression\":\"12 * 7\"} as call_ID]",
                "tool [call_ID]: 84",
                "assistant: The result is 84.");

        CliRunner.Result clear = cli().run("sessions", "clear", "alice", "--memory", memory);
        assertThat(clear.code()).isZero();
        assertThat(clear.out()).contains("cleared session 'alice'");

        assertThat(cli().run("sessions", "list", "--memory", memory).out()).doesNotContain("alice").contains("bob");
    }

    @Test
    void anUnknownSessionIsAClearError() {
        CliRunner.Result show = cli().run("sessions", "show", "ghost", "--memory", memory);
        assertThat(show.code()).isEqualTo(1);
        assertThat(show.err().lines().toList()).hasSize(1);
        assertThat(show.err()).startsWith("error: INVALID_INPUT: memory '" + memory + "' has no session 'ghost'");

        CliRunner.Result clear = cli().run("sessions", "clear", "ghost", "--memory", memory);
        assertThat(clear.code()).isEqualTo(1);
        assertThat(clear.err()).startsWith("error: INVALID_INPUT: ").contains("no session 'ghost'");
    }

    @Test
    void anEmptyWindowMemorySaysWhyItIsEmpty() {
        CliRunner.Result list = cli().run("sessions", "list");

        assertThat(list.code()).isZero();
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).contains("no sessions in memory 'window'").contains("sqlite:PATH");
    }

    @Test
    void sessionsNeedsASubcommandAndShowNeedsAnId() {
        assertThat(cli().run("sessions").code()).isEqualTo(2);
        CliRunner.Result show = cli().run("sessions", "show", "--memory", memory);
        assertThat(show.code()).isEqualTo(2);
        assertThat(show.err()).contains("Missing required parameter: 'ID'");
    }
}
