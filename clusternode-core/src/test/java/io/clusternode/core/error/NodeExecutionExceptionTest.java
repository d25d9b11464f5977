package io.clusternode.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class NodeExecutionExceptionTest {

    @Test
    void toStringIsCodeColonMessage() {
        assertThat(new NodeExecutionException(ErrorCode.UNKNOWN_NODE, "no provider 'x'").toString())
                .isEqualTo("UNKNOWN_NODE: no provider 'x'");
    }

    @Test
    void keepsCodeCauseAndTransience() {
        IOException cause = new IOException("reset");
        NodeExecutionException e = new NodeExecutionException(ErrorCode.MODEL_UNAVAILABLE, "down", cause);
        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.isTransient()).isTrue();
        assertThat(new NodeExecutionException(ErrorCode.AUTHENTICATION_FAILED, "401").isTransient()).isFalse();
        assertThatThrownBy(() -> new NodeExecutionException(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void onlyRetryableCodesAreTransient() {
        for (ErrorCode code : ErrorCode.values()) {
            boolean expected = switch (code) {
                case RATE_LIMITED, MODEL_UNAVAILABLE, TIMEOUT, CIRCUIT_OPEN, MEMORY_ERROR -> true;
                default -> false;
            };
            assertThat(code.isTransient()).as(code.name()).isEqualTo(expected);
        }
    }
}
