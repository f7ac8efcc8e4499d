package cn.yrd.onecard.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void yuanAsPeopleTypeThemBecomeFenExactly() {
        assertThat(Fen.fromYuan("50")).isEqualTo(5000);
        assertThat(Fen.fromYuan("12.3")).isEqualTo(1230);
        assertThat(Fen.fromYuan("0.07")).isEqualTo(7);
        assertThat(Fen.fromYuan("0.1")).as("no binary floating point").isEqualTo(10);
        assertThatThrownBy(() -> Fen.fromYuan("1.005")).hasMessageContaining("at most two decimals");
        assertThatThrownBy(() -> Fen.fromYuan("-3")).hasMessageContaining("at most two decimals");
        assertThatThrownBy(() -> Fen.fromYuan("ten")).hasMessage("'ten' is not an amount in yuan (e.g. 50 or 12.30)");
    }
}
