package io.clusternode.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.error.ErrorCode;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Driver failures become one bounded line without SQL, row values or passwords. */
class SqlFailuresTest {

    @Test
    void aBatchFailureShowsTheNextExceptionNotTheQuotedInsert() {
        String userData = "my private message\n".repeat(50_000);
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT INTO cn_messages (content) VALUES ('"
                + userData + "') was aborted: ERROR: invalid byte sequence", "22021", 0, new int[0]);
        batch.setNextException(new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n"
                + "  Where: unnamed portal parameter $4 = '" + userData + "'", "22021"));
        String summary = SqlFailures.summary(batch, null);
        assertThat(summary).isEqualTo("SQLState 22021 (SQLException): ERROR: invalid byte sequence for encoding"
                + " \"UTF8\": 0x00");
    }

    @Test
    void aMessageQuotingSqlIsDroppedAndUrlsAreRedacted() {
        assertThat(SqlFailures.summary(new SQLException("Batch entry 3 INSERT INTO t VALUES ('secret')", "23505"), null))
                .isEqualTo("SQLState 23505 (SQLException)");
        assertThat(SqlFailures.summary(new SQLException("cannot reach postgresql://bob:pw-SECRET@db/x", "08001"), null))
                .contains("postgresql://bob:***@db/x").doesNotContain("pw-SECRET");
        assertThat(SqlFailures.summary(new SQLException("x".repeat(5000)), null)).hasSizeLessThan(260);
    }

    @Test
    void timeoutsAreToldApartFromRefusals() {
        assertThat(SqlFailures.failure("here", "connect", new SQLException("wrapped", new SocketTimeoutException("Read timed out")),
                null).code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(SqlFailures.failure("here", "connect", new SQLException("database \"x\" does not exist", "3D000"),
                null).code()).isEqualTo(ErrorCode.MEMORY_ERROR);
    }
}
