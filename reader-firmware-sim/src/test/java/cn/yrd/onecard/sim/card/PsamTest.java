package cn.yrd.onecard.sim.card;

import static cn.yrd.onecard.sim.card.TestIssuer.send;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PsamTest {
    private final TestIssuer issuer = new TestIssuer();
    private final CardOs psam = issuer.psam("0000AB12CD34");

    @Test
    void answersItsTerminalNumberAndCountsTtc() {
        assertThat(send(psam, "00B0960006").toHex()).isEqualTo("0000AB12CD34" + "9000");
        String init = "8070000024" + "11223344" + "0000" + "00000064" + "06" + "20261123080000" + "01" + "00"
                + "0000000000000001" + "0001" + "3205" + "0003" + "FFFF";
        assertThat(send(psam, init).toHex()).startsWith("00000001");
        assertThat(send(psam, init).toHex()).startsWith("00000002");
    }

    @Test
    void refusesWhatIsOutOfOrderOrUnknown() {
        assertThat(send(psam, "8072000004" + "00000000").toHex()).as("8072 before 8070").isEqualTo("6901");
        assertThat(send(psam, "8070000010" + "00".repeat(16)).toHex()).isEqualTo("6700");
        String unknownCity = "8070000024" + "11223344" + "0000" + "00000064" + "06" + "20261123080000" + "01" + "00"
                + "0000000000000001" + "0001" + "3299" + "0003" + "FFFF";
        assertThat(send(psam, unknownCity).toHex()).isEqualTo("6A80");
        assertThat(send(psam, "80FA050009" + "01020304" + "841E000004").toHex()).as("DES before DES INIT")
                .isEqualTo("6901");
        assertThat(send(psam, "801A290010" + "00".repeat(16)).toHex()).as("a key usage it lacks").isEqualTo("9403");
    }
}
