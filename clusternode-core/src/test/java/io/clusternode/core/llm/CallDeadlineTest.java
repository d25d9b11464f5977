package io.clusternode.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void noDeadlineOutsideACall() {
        assertThat(CallDeadline.remainingNanos()).isEqualTo(CallDeadline.NONE);
    }

    @Test
    void aCallSeesItsDeadlineAndItEndsWithTheCall() {
        long deadline = System.nanoTime() + 10 * SECOND;
        long seen = CallDeadline.within(deadline, CallDeadline::remainingNanos);
        assertThat(seen).isBetween(9 * SECOND, 10 * SECOND);
        assertThat(CallDeadline.remainingNanos()).isEqualTo(CallDeadline.NONE);
    }

    @Test
    void anEarlierOuterDeadlineStaysInForceAndComesBackAfterTheInnerCall() {
        long now = System.nanoTime();
        long[] seen = new long[3];
        CallDeadline.within(now + 5 * SECOND, () -> {
            seen[0] = CallDeadline.within(now + 60 * SECOND, CallDeadline::remainingNanos);
            seen[1] = CallDeadline.within(now + 2 * SECOND, CallDeadline::remainingNanos);
            seen[2] = CallDeadline.remainingNanos();
            return null;
        });
        assertThat(seen[0]).as("a later inner deadline does not extend the outer one").isLessThanOrEqualTo(5 * SECOND);
        assertThat(seen[1]).as("an earlier inner deadline applies").isLessThanOrEqualTo(2 * SECOND);
        assertThat(seen[2]).as("the outer deadline is back").isBetween(2 * SECOND, 5 * SECOND);
        assertThat(CallDeadline.remainingNanos()).isEqualTo(CallDeadline.NONE);
    }

    @Test
    void aFailingCallStillRestoresTheOuterDeadline() {
        long deadline = System.nanoTime() + 10 * SECOND;
        assertThatThrownBy(() -> CallDeadline.within(deadline, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(CallDeadline.remainingNanos()).isEqualTo(CallDeadline.NONE);
    }

    @Test
    void aPassedDeadlineReadsAsNoTimeLeft() {
        long past = System.nanoTime() - SECOND;
        assertThat(CallDeadline.within(past, CallDeadline::remainingNanos)).isLessThanOrEqualTo(0);
    }

    @Test
    void anotherThreadDoesNotSeeThisThreadsDeadline() throws Exception {
        long[] other = new long[1];
        CallDeadline.within(System.nanoTime() + SECOND, () -> {
            Thread thread = Thread.ofVirtual().start(() -> other[0] = CallDeadline.remainingNanos());
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return null;
        });
        assertThat(other[0]).isEqualTo(CallDeadline.NONE);
    }
}
