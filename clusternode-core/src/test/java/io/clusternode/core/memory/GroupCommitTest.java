package io.clusternode.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Turns waiting while a group is written go into the next group; each fails or succeeds on its own. */
class GroupCommitTest {

    @Test
    void turnsQueuedDuringAWriteShareTheNextGroupAndFailAlone() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<String> commit = new GroupCommit<>(1, 100, group -> {
            groups.add(group.stream().map(GroupCommit.Turn::value).toList());
            if (group.get(0).value().equals("first")) {
                firstStarted.countDown();
                releaseFirst.await();
            }
            for (GroupCommit.Turn<String> turn : group) {
                if (turn.value().startsWith("bad")) {
                    turn.fail(new NodeExecutionException(ErrorCode.MEMORY_ERROR, "refused " + turn.value()));
                }
            }
        });
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = executor.submit(() -> commit.submit("a", "first"));
            firstStarted.await();
            List<Future<?>> waiting = new ArrayList<>();
            for (String value : List.of("good-1", "bad-2", "good-3")) {
                waiting.add(executor.submit(() -> commit.submit("s-" + value, value)));
            }
            while (waitingCount(commit) < 3) {
                Thread.onSpinWait();
            }
            releaseFirst.countDown();
            first.get();
            waiting.get(0).get();
            assertThatThrownBy(() -> waiting.get(1).get()).hasRootCauseMessage("refused bad-2");
            waiting.get(2).get();
        }
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).containsExactly("first");
        assertThat(groups.get(1)).containsExactlyInAnyOrder("good-1", "bad-2", "good-3");
    }

    @Test
    void aWriterThatThrowsFailsEveryTurnOfItsGroup() {
        GroupCommit<String> commit = new GroupCommit<>(2, 10, group -> {
            throw new IllegalStateException("disk gone");
        });
        assertThatThrownBy(() -> commit.submit("s", "x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("disk gone");
    }

    private static int waitingCount(GroupCommit<String> commit) {
        return commit.queued();
    }
}
