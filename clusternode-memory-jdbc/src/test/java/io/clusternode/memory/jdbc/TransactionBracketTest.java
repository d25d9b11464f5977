package io.clusternode.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transaction bracket the SQLite and PostgreSQL memories share: order of steps and failure handling. */
class TransactionBracketTest {

    private final List<String> steps = new ArrayList<>();

    private JdbcMemory.SqlStep step(String name) {
        return connection -> steps.add(name);
    }

    @Test
    void workIsCommittedBetweenBeginAndCommit() throws SQLException {
        String result = JdbcMemory.transaction(null, step("begin"), step("commit"), step("rollback"), connection -> {
            steps.add("work");
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(steps).containsExactly("begin", "work", "commit");
    }

    @Test
    void aFailingWorkIsRolledBackAndItsFailureRethrown() {
        SQLException failure = new SQLException("constraint violated");
        assertThatThrownBy(() -> JdbcMemory.transaction(null, step("begin"), step("commit"), step("rollback"),
                connection -> {
                    steps.add("work");
                    throw failure;
                })).isSameAs(failure);
        assertThat(steps).containsExactly("begin", "work", "rollback");
    }

    @Test
    void aFailingCommitIsRolledBack() {
        SQLException failure = new SQLException("serialization failure");
        assertThatThrownBy(() -> JdbcMemory.transaction(null, step("begin"), connection -> {
            throw failure;
        }, step("rollback"), connection -> "done")).isSameAs(failure);
        assertThat(steps).containsExactly("begin", "rollback");
    }

    @Test
    void aFailingRollbackIsKeptAsSuppressedOnTheOriginalFailure() {
        IllegalStateException failure = new IllegalStateException("bug in the work");
        SQLException rollbackFailure = new SQLException("connection lost");
        assertThatThrownBy(() -> JdbcMemory.transaction(null, step("begin"), step("commit"), connection -> {
            throw rollbackFailure;
        }, connection -> {
            throw failure;
        })).isSameAs(failure).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(rollbackFailure));
    }
}
