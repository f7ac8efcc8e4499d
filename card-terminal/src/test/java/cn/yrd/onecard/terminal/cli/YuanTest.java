package cn.yrd.onecard.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class YuanTest {
    @Test
    void typedYuanBecomeExactFen() {
        assertThat(Yuan.toFen("50")).isEqualTo(5000);
        assertThat(Yuan.toFen("12.3")).isEqualTo(1230);
        assertThat(Yuan.toFen("0.07")).isEqualTo(7);
        assertThat(Yuan.toFen("0.1")).as("no binary floating point").isEqualTo(10);
        assertThat(Yuan.format(123456)).isEqualTo("1234.56");
        assertThatThrownBy(() -> Yuan.toFen("1.005")).hasMessageContaining("at most two decimals");
        assertThatThrownBy(() -> Yuan.toFen("-3")).hasMessageContaining("at most two decimals");
        assertThatThrownBy(() -> Yuan.toFen("ten")).hasMessage("'ten' is not an amount in yuan (e.g. 50 or 12.30)");
    }
}
