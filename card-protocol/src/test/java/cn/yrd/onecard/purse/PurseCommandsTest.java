package cn.yrd.onecard.purse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.crypto.CardAlgorithm;
import java.time.LocalDateTime;
import org.apache.commons.codec.binary.Hex;
import org.junit.jupiter.api.Test;

/** The purse's commands as card-profile.md §2 spells them: what the terminal sends is what the purse reads. */
class PurseCommandsTest {
    static final String TERMINAL = "0000AB12CD34";
    static final LocalDateTime AT = LocalDateTime.of(2026, 11, 23, 8, 30, 15);

    @Test
    void initializeForPurchaseLoadAndCappDifferOnlyInP1() throws Exception {
        String capp = "805003020B" + "01" + "000000C8" + TERMINAL;
        InitializeFor init = InitializeFor.of(InitializeFor.Kind.CAPP_PURCHASE, 200, TERMINAL);
        assertThat(hex(init.build())).isEqualTo(capp);
        assertThat(InitializeFor.read(apdu(capp))).isEqualTo(init);
        assertThat(hex(InitializeFor.of(InitializeFor.Kind.PURCHASE, 200, TERMINAL).build()))
                .isEqualTo(capp.replace("805003", "805001"));
        assertThat(InitializeFor.read(apdu(capp.replace("805003", "805000"))).kind())
                .isEqualTo(InitializeFor.Kind.LOAD);

        assertRefused(capp.replace("805003", "805002"), StatusWord.WRONG_P1_P2);
        assertRefused(capp.replace("80500302", "80500301"), StatusWord.WRONG_P1_P2);
        assertRefused("805003020A01000000C80000AB12CD", StatusWord.WRONG_LENGTH);
        assertRefused("0050030" + capp.substring(7), StatusWord.CLA_NOT_SUPPORTED);
        assertThatThrownBy(() -> InitializeFor.of(InitializeFor.Kind.LOAD, 0x1_0000_0064L, TERMINAL))
                .as("an amount is never cut to its low bytes").hasMessageContaining("4294967396");
    }

    @Test
    void theInitializeAnswersAreReadAsTheProfileSpellsThem() {
        // balance 50.00 yuan, offline ATC 7, no overdraft, key version 1, 3DES, random
        String purchase = "00001388" + "0007" + "000000" + "01" + "00" + "11223344";
        PurchaseInit p = PurchaseInit.parse(bytes(purchase));
        assertThat(p.balance()).isEqualTo(5000);
        assertThat(p.offlineAtc()).isEqualTo(7);
        assertThat(p.algorithm()).isEqualTo(CardAlgorithm.TRIPLE_DES);
        assertThat(hex(p.encode())).isEqualTo(purchase);
        assertThatThrownBy(() -> PurchaseInit.parse(bytes(purchase.substring(2))))
                .hasMessageContaining("14 bytes, 15 expected");

        String load = "00001388" + "0002" + "01" + "00" + "11223344" + "A1B2C3D4";
        LoadInit l = LoadInit.parse(bytes(load));
        assertThat(l.onlineAtc()).isEqualTo(2);
        assertThat(hex(l.mac1())).isEqualTo("A1B2C3D4");
        assertThat(hex(l.encode())).isEqualTo(load);
    }

    @Test
    void debitCarriesTtcTimeAndMac1AndIsAnsweredTacThenMac2() throws Exception {
        String debit = "805401000F" + "0000012C" + "20261123083015" + "A1B2C3D4";
        DebitForPurchase d = new DebitForPurchase(300, AT, bytes("A1B2C3D4"));
        assertThat(hex(d.build())).isEqualTo(debit);
        DebitForPurchase read = DebitForPurchase.read(apdu(debit));
        assertThat(read.ttc()).isEqualTo(300);
        assertThat(read.time()).isEqualTo(AT);
        assertRefused(debit.replace("20261123", "20261323"), StatusWord.WRONG_DATA);
        assertRefused(debit.replace("80540100", "80540000"), StatusWord.WRONG_P1_P2);

        DebitForPurchase.Proof proof = DebitForPurchase.Proof.parse(bytes("0A0B0C0D" + "01020304"));
        assertThat(hex(proof.tac())).isEqualTo("0A0B0C0D");
        assertThat(hex(proof.mac2())).isEqualTo("01020304");
        assertThat(hex(GetTransactionProve.encode(proof))).as("PROVE answers MAC2 first").isEqualTo("010203040A0B0C0D");
        assertThat(hex(GetTransactionProve.parse(bytes("010203040A0B0C0D")).tac())).isEqualTo("0A0B0C0D");
    }

    @Test
    void getTransactionProveNamesTheTypeAndTheCardsAtc() throws Exception {
        GetTransactionProve prove = new GetTransactionProve(TransactionType.COMPOUND_PURCHASE, 8);
        assertThat(hex(prove.build())).isEqualTo("805A0009020008");
        assertThat(GetTransactionProve.read(apdu("805A0006020008")).type()).isEqualTo(TransactionType.PURCHASE);
        assertRefused("805A0002020008", StatusWord.WRONG_P1_P2);
        assertThat(GetTransactionProve.noSuchPurchase(0x9406)).isTrue();
        assertThat(GetTransactionProve.noSuchPurchase(0x9000)).isFalse();
    }

    @Test
    void creditForLoadGetBalanceCappCacheAndApplicationBlock() throws Exception {
        String credit = "805200000B" + "20261123083015" + "0A0B0C0D";
        assertThat(hex(new CreditForLoad(AT, bytes("0A0B0C0D")).build())).isEqualTo(credit);
        assertThat(hex(CreditForLoad.read(apdu(credit)).mac2())).isEqualTo("0A0B0C0D");
        assertRefused(credit.substring(0, credit.length() - 2).replace("805200000B", "805200000A"),
                StatusWord.WRONG_LENGTH);

        assertThat(hex(GetBalance.build())).isEqualTo("805C000204");
        assertThat(GetBalance.balance(bytes("00001388"))).isEqualTo(5000);
        assertRefused("805C000104", StatusWord.WRONG_P1_P2);

        byte[] trip = new byte[TripRecord.LENGTH];
        assertThat(hex(new UpdateCappDataCache(TripRecord.SFI, trip).build())).startsWith("80DC00F030");
        assertThat(hex(new UpdateCappDataCache(MetroState.SFI, new byte[MetroState.LENGTH]).build()))
                .startsWith("80DC01D080");
        assertRefused("80DC00F02F" + "00".repeat(47), StatusWord.WRONG_LENGTH);
        assertRefused("80DC00C017" + "00".repeat(23), StatusWord.WRONG_P1_P2);

        assertThat(hex(ApplicationBlock.header())).isEqualTo("841E000004");
        assertThat(hex(new ApplicationBlock(bytes("11223344")).build())).isEqualTo("841E00000411223344");
        assertThat(ApplicationBlock.read(apdu("841E00000411223344")).mac()).isEqualTo(bytes("11223344"));
        assertRefused("801E00000411223344", StatusWord.CLA_NOT_SUPPORTED);
    }

    static void assertRefused(String command, StatusWord expected) {
        assertThatThrownBy(() -> {
            CommandApdu c = apdu(command);
            switch (c.ins()) {
                case InitializeFor.INS -> InitializeFor.read(c);
                case DebitForPurchase.INS -> DebitForPurchase.read(c);
                case GetTransactionProve.INS -> GetTransactionProve.read(c);
                case CreditForLoad.INS -> CreditForLoad.read(c);
                case GetBalance.INS -> GetBalance.read(c);
                case UpdateCappDataCache.INS -> UpdateCappDataCache.read(c);
                case ApplicationBlock.INS -> ApplicationBlock.read(c);
                default -> throw new AssertionError("no purse command " + command);
            }
        }).isInstanceOf(MalformedApduException.class)
                .satisfies(e -> assertThat(((MalformedApduException) e).statusWord()).as(command).isEqualTo(expected));
    }

    static CommandApdu apdu(String hex) throws MalformedApduException {
        return CommandApdu.parse(bytes(hex));
    }

    static byte[] bytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] b) {
        return Hex.encodeHexString(b, false);
    }
}
