package cn.yrd.onecard.money;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FenTest {

    @Test
    void fenReadAsYuanExactlyWhereADoubleWouldNot() {
        assertThat(Fen.asYuan(1234)).isEqualTo("12.34");
        assertThat(Fen.asYuan(5)).isEqualTo("0.05");
        assertThat(Fen.asYuan(-5)).isEqualTo("-0.05");
        assertThat(Fen.asYuan(0)).isEqualTo("0.00");
        // 2^53 + 1 fen: a double would print ...992.00
        assertThat(Fen.asYuan(9_007_199_254_740_993L)).isEqualTo("90071992547409.93");
    }
}
