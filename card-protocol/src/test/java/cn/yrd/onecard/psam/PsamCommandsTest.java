package cn.yrd.onecard.psam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.crypto.CardAlgorithm;
import java.time.LocalDateTime;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;

/** The PSAM's commands as card-profile.md §3 spells them: what the terminal sends is what the PSAM reads. */
class PsamCommandsTest {
    /**
     * A Suzhou card's purchase of 2.00 yuan (compound, type 09) at 2026-11-23 08:30:00, 3DES, key version 1; its
     * issuer ID is issuer code(2) city(2) industry(2) FFFF.
     */
    static final String INIT_SAM_FOR_PURCHASE = "8070000024" + "11223344" + "0005" + "000000C8" + "09"
            + "20261123083000" + "01" + "00" + "0000000000000031" + "000032050000FFFF";

    @Test
    void initSamForPurchaseIsBuiltAndReadAsTheProfileSpellsIt() throws Exception {
        InitSamForPurchase purchase = new InitSamForPurchase(bytes("11223344"), 5, 200, 0x09,
                LocalDateTime.of(2026, 11, 23, 8, 30), 1, CardAlgorithm.TRIPLE_DES, CardSerial.of("0000000000000031"),
                bytes("000032050000FFFF"));

        assertThat(Hex.encodeHexString(purchase.build(), false)).isEqualTo(INIT_SAM_FOR_PURCHASE);
        InitSamForPurchase read = InitSamForPurchase.read(apdu(INIT_SAM_FOR_PURCHASE));
        assertThat(read.offlineAtc()).isEqualTo(5);
        assertThat(read.amount()).isEqualTo(200);
        assertThat(read.time()).isEqualTo(LocalDateTime.of(2026, 11, 23, 8, 30));
        assertThat(read.card()).isEqualTo(CardSerial.of("0000000000000031"));
        assertThat(read.issuer().code()).isEqualTo("3205");
        assertThat(Hex.encodeHexString(read.build(), false)).isEqualTo(INIT_SAM_FOR_PURCHASE);

        InitSamForPurchase.Answer answer = InitSamForPurchase.Answer.parse(bytes("0000012CA1B2C3D4"));
        assertThat(answer.ttc()).isEqualTo(300);
        assertThat(Hex.encodeHexString(answer.mac1(), false)).isEqualTo("A1B2C3D4");
        assertThat(Hex.encodeHexString(answer.encode(), false)).isEqualTo("0000012CA1B2C3D4");
        assertThatThrownBy(() -> InitSamForPurchase.Answer.parse(bytes("0000012CA1B2C3"))).hasMessageContaining(
                "7 bytes, 8 expected");
    }

    @Test
    void thePsamRefusesWhatItCannotReadWithTheStatusWordItAnswers() {
        assertRefused(INIT_SAM_FOR_PURCHASE.replace("8070000024", "8070010024"), StatusWord.WRONG_P1_P2);
        assertRefused("8070000023" + INIT_SAM_FOR_PURCHASE.substring(10, INIT_SAM_FOR_PURCHASE.length() - 2),
                StatusWord.WRONG_LENGTH);
        assertRefused(INIT_SAM_FOR_PURCHASE.replace("20261123083000", "20261399083000"), StatusWord.WRONG_DATA);
        assertRefused(INIT_SAM_FOR_PURCHASE.replace("000032050000FFFF", "000099990000FFFF"), StatusWord.WRONG_DATA);
        assertRefusedCredit("807200000311223344".substring(0, 16), StatusWord.WRONG_LENGTH);
    }

    @Test
    void creditSamForPurchaseCarriesTheCardsMac2AndItsAnswerIsTheStatusWord() throws Exception {
        assertThat(Hex.encodeHexString(new CreditSamForPurchase(bytes("0A0B0C0D")).build(), false))
                .isEqualTo("80720000040A0B0C0D");
        assertThat(CreditSamForPurchase.read(apdu("80720000040A0B0C0D")).mac2()).isEqualTo(bytes("0A0B0C0D"));
        assertThat(CreditSamForPurchase.accepted(0x9000)).isTrue();
        assertThat(CreditSamForPurchase.accepted(0x9302)).as("MAC2 wrong").isFalse();
    }

    @Test
    void selectReadAndTheBlockMacCommands() throws Exception {
        assertThat(Hex.encodeHexString(SelectPsamApplication.build(), false)).isEqualTo("00A40000028011");
        assertThat(Hex.encodeHexString(ReadTerminalNumber.build(), false)).isEqualTo("00B0960006");
        assertThat(ReadTerminalNumber.terminalNo(bytes("0000AB12CD34"))).isEqualTo("0000AB12CD34");
        assertThatThrownBy(() -> ReadTerminalNumber.read(apdu("00B0950006"))).isInstanceOf(
                MalformedApduException.class);

        String desInit = "801A280010" + "0000000000000031" + "000032050000FFFF";
        DesInit init = new DesInit(CardAlgorithm.TRIPLE_DES, CardSerial.of("0000000000000031"),
                bytes("000032050000FFFF"));
        assertThat(Hex.encodeHexString(init.build(), false)).isEqualTo(desInit);
        DesInit readInit = DesInit.read(apdu(desInit));
        assertThat(readInit.card()).isEqualTo(init.card());
        assertThat(readInit.issuer().code()).isEqualTo("3205");
        assertThat(DesInit.read(apdu(desInit.replace("801A2800", "801A2804"))).algorithm())
                .isEqualTo(CardAlgorithm.SM4);
        assertThatThrownBy(() -> DesInit.read(apdu(desInit.replace("801A28", "801A27"))))
                .satisfies(e -> assertThat(((MalformedApduException) e).statusWord()).isEqualTo(
                        StatusWord.KEY_NOT_FOUND));

        Des des = new Des(bytes("01020304"), bytes("841E000004"));
        assertThat(Hex.encodeHexString(des.build(), false)).isEqualTo("80FA05000901020304841E000004");
        assertThat(Des.read(apdu("80FA05000901020304841E000004")).header()).isEqualTo(bytes("841E000004"));
    }

    private static void assertRefused(String hex, StatusWord expected) {
        assertThatThrownBy(() -> InitSamForPurchase.read(apdu(hex))).as(hex).isInstanceOf(
                MalformedApduException.class).satisfies(e -> assertThat(((MalformedApduException) e).statusWord())
                        .isEqualTo(expected));
    }

    private static void assertRefusedCredit(String hex, StatusWord expected) {
        assertThatThrownBy(() -> CreditSamForPurchase.read(apdu(hex))).as(hex).isInstanceOf(
                MalformedApduException.class).satisfies(e -> assertThat(((MalformedApduException) e).statusWord())
                        .isEqualTo(expected));
    }

    private static CommandApdu apdu(String hex) throws Exception {
        return CommandApdu.parse(bytes(hex));
    }

    private static byte[] bytes(String hex) {
        try {
            return Hex.decodeHex(hex);
        } catch (org.apache.commons.codec.DecoderException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
