package io.clusternode.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import org.junit.jupiter.api.Test;

class MemorySpecTest {

    @Test
    void serverPartHasSchemeHostUserAndPasswordDecoded() {
        MemorySpec.Server server = MemorySpec.parse("postgresql://bob:p%40ss@db.example:5433/chat?max=5", "PostgreSQL")
                .server("use postgresql://HOST/DB");
        assertThat(server.scheme()).isEqualTo("postgresql");
        assertThat(server.host()).isEqualTo("db.example");
        assertThat(server.port()).isEqualTo(5433);
        assertThat(server.user()).isEqualTo("bob");
        assertThat(server.password()).isEqualTo("p@ss");
        assertThat(server.path()).isEqualTo("chat");
        assertThat(server.toString()).doesNotContain("p@ss");
    }

    @Test
    void serverPartWithoutUserInfoHasNoUserOrPassword() {
        MemorySpec.Server server = MemorySpec.parse("redis://127.0.0.1", "Redis").server("use redis://HOST");
        assertThat(server.user()).isNull();
        assertThat(server.password()).isNull();
        assertThat(server.port()).isEqualTo(-1);
        assertThat(server.path()).isEmpty();
    }

    @Test
    void serverPartWithoutSchemeIsInvalidInput() {
        assertThatThrownBy(() -> MemorySpec.parse("//db.example/chat", "PostgreSQL").server("use postgresql://HOST/DB"))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("has no scheme; use postgresql://HOST/DB");
    }
}
