package cn.yrd.onecard.demo.day;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.card.CardSerial;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The faulty day's check of the retired kiosk holds on what a good day leaves and breaks on each planted damage: a
 * host that let it through, a kiosk that got a connection, a card whose balance moved, a host log that names it.
 */
class RetiredKioskCheckTest {
    private static final String NAME = "EE3205000007";
    private static final String REFUSED = "CN=" + NAME + ",OU=kiosk,L=3205,O=YRD One-Card,C=CN: revoked: CN=" + NAME
            + ",OU=kiosk,L=3205,O=YRD One-Card,C=CN (serial 1f), by CN=City CA 3205,L=3205,O=YRD One-Card,C=CN";
    private static final String HOST_LOG = "000000003205-1|Y|0A1B2C3D||0000000000000001|3205|5000\n";

    @Test
    void holdsWhenTheHostRefusedItAndNothingMoved() {
        assertThat(CheckStage.retiredKioskGotSomething(tried("no connection: closed", 1000), List.of(REFUSED),
                HOST_LOG)).isEmpty();
    }

    @Test
    void breaksOnEachPlantedDamage() {
        assertThat(CheckStage.retiredKioskGotSomething(tried("no connection: closed", 1000), List.of(
                REFUSED.replace(": revoked: ", ": not a kiosk the registry lists: ")), HOST_LOG))
                .containsExactly("the host did not refuse " + NAME + " as revoked");
        assertThat(CheckStage.retiredKioskGotSomething(tried("loaded", 6000), List.of(), HOST_LOG + NAME
                + "-1|Y|0A1B2C3D||0000000000000031|3205|5000\n")).containsExactly(
                        "the host did not refuse " + NAME + " as revoked", NAME + " saw: loaded",
                        "its card ************0031 went from 1000 to 6000 fen",
                        "the host's log holds a request of " + NAME);
    }

    private static Day.RetiredKiosk tried(String seen, long after) {
        return new Day.RetiredKiosk(NAME, CardSerial.of("0000000000000031"), 1000, after, seen);
    }
}
