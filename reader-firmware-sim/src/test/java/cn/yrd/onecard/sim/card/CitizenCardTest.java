package cn.yrd.onecard.sim.card;

import static cn.yrd.onecard.sim.card.TestIssuer.send;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.InsuredPerson;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CitizenCardTest {
    static final String SELECT_SSSE = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF";

    private final TestIssuer issuer = new TestIssuer();
    private final CardOs card = TestIssuer.powered(SimCards.issue(
            issuer.spec("3100", "0000000000000099", 5000, CardAlgorithm.SM4, true), new Random(3)));

    @Test
    void socialSecurityRecordsAreReadableWithoutPin() {
        assertThat(send(card, SELECT_SSSE).sw()).isEqualTo(0x9000);
        Tlv id = Tlv.parse(send(card, "00B2012C00").data());
        Tlv number = Tlv.parse(send(card, "00B2072C00").data());
        Tlv issued = Tlv.parse(send(card, "00B2052C00").data());
        Tlv expires = Tlv.parse(send(card, "00B2062C00").data());
        SocialSecurityCard ss = SocialSecurityCard.fromRecords(List.of(id, number, issued, expires));
        assertThat(ss.homeCity()).isEqualTo(Cities.byCode("3100"));
        assertThat(ss.cardNumber()).isEqualTo("A12345678");
        InsuredPerson person = InsuredPerson.fromRecords(List.of(Tlv.parse(send(card, "00B2083400").data()),
                Tlv.parse(send(card, "00B2093400").data()), Tlv.parse(send(card, "00B20A3400").data()),
                Tlv.parse(send(card, "00B20B3400").data()), Tlv.parse(send(card, "00B20D3400").data())));
        assertThat(person.name()).isEqualTo("王芳");
        assertThat(send(card, "00B20E3400").toHex()).isEqualTo("6A83");
    }

    @Test
    void theRightPinIsAcceptedAndThreeWrongOnesBlockIt() {
        send(card, SELECT_SSSE);
        assertThat(send(card, "0020000003123456").toHex()).isEqualTo("9000");
        assertThat(send(card, "0020000003654321").toHex()).isEqualTo("63C2");
        assertThat(send(card, "0020000003123456").toHex()).as("a right PIN resets the count").isEqualTo("9000");
        assertThat(send(card, "0020000003000000").toHex()).isEqualTo("63C2");
        assertThat(send(card, "0020000003000000").toHex()).isEqualTo("63C1");
        assertThat(send(card, "0020000003000000").toHex()).isEqualTo("63C0");
        assertThat(send(card, "0020000003123456").toHex()).as("blocked, even for the right PIN").isEqualTo("6983");
        card.powerOff();
        card.powerOn();
        send(card, SELECT_SSSE);
        assertThat(send(card, "0020000003123456").toHex()).as("blocked across power cycles").isEqualTo("6983");
    }

    @Test
    void aBlockedPinIsReloadedOnlyWithItsHomeCitysMacOverAFreshChallenge() throws Exception {
        send(card, SELECT_SSSE);
        for (int i = 0; i < 3; i++) {
            send(card, "0020000003000000");
        }
        assertThat(send(card, "0020000003123456").toHex()).isEqualTo("6983");
        // The home city's MAC, computed here from its master as its host would: the 3DES profile, though this card's
        // purse is SM4's.
        byte[] key = new cn.yrd.onecard.crypto.CardKeyDiversifier(CardAlgorithm.TRIPLE_DES, issuer.master(
                cn.yrd.onecard.crypto.KeyPurpose.PIN_RELOAD, Cities.byCode("3100"))).cardKey(
                        org.apache.commons.codec.binary.Hex.decodeHex("0123456789ABCDEF".toCharArray()));
        cn.yrd.onecard.crypto.CardCrypto crypto = new cn.yrd.onecard.crypto.CardCrypto(CardAlgorithm.TRIPLE_DES);
        assertThat(send(card, "845E000007246801" + mac(crypto, key, new byte[4])).toHex()).as("no challenge")
                .isEqualTo("6984");
        byte[] challenge = send(card, "0084000004").data();
        byte[] other = new cn.yrd.onecard.crypto.CardKeyDiversifier(CardAlgorithm.TRIPLE_DES, issuer.master(
                cn.yrd.onecard.crypto.KeyPurpose.PIN_RELOAD, Cities.byCode("3205"))).cardKey(
                        org.apache.commons.codec.binary.Hex.decodeHex("0123456789ABCDEF".toCharArray()));
        assertThat(send(card, "845E000007246801" + mac(crypto, other, challenge)).toHex())
                .as("another city's key").isEqualTo("6988");
        assertThat(send(card, "845E000007246801" + mac(crypto, key, challenge)).toHex())
                .as("a challenge serves one command, right or wrong").isEqualTo("6984");
        challenge = send(card, "0084000004").data();
        assertThat(send(card, "845E000007246801" + mac(crypto, key, challenge)).toHex()).isEqualTo("9000");
        assertThat(send(card, "0020000003123456").toHex()).as("the old PIN is gone").isEqualTo("63C2");
        assertThat(send(card, "0020000003246801").toHex()).as("the new PIN, its tries back").isEqualTo("9000");
        // The same command again, with its spent challenge: refused.
        assertThat(send(card, "845E000007246801" + mac(crypto, key, challenge)).toHex()).isEqualTo("6984");
    }

    @Test
    void theHolderChangesThePinKnowingTheOldOne() {
        send(card, SELECT_SSSE);
        assertThat(send(card, "805E010007111111FF135790").toHex()).as("a wrong old PIN counts as a wrong PIN")
                .isEqualTo("63C2");
        assertThat(send(card, "805E010007123456FF135790").toHex()).isEqualTo("9000");
        assertThat(send(card, "0020000003123456").toHex()).isEqualTo("63C2");
        assertThat(send(card, "0020000003135790").toHex()).isEqualTo("9000");
        assertThat(send(card, "805E010003123456").toHex()).as("no separator").isEqualTo("6700");
    }

    private static String mac(cn.yrd.onecard.crypto.CardCrypto crypto, byte[] key, byte[] challenge) {
        return org.apache.commons.codec.binary.Hex.encodeHexString(crypto.secureMessagingMac(key, challenge,
                new byte[] {(byte) 0x84, 0x5E, 0, 0, 7}), false);
    }

    @Test
    void theCitizenCardIsAlsoATransitCard() {
        send(card, PurseTest.SELECT_EP);
        assertThat(send(card, PurseTest.GET_BALANCE).toHex()).isEqualTo("000013889000");
        assertThat(card.label()).isEqualTo("Shanghai (3100) citizen card ************0099");
    }
}
