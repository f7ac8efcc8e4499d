package cn.yrd.onecard.sim.card;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static cn.yrd.onecard.sim.card.TestIssuer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.card.Industry;
import cn.yrd.onecard.card.ManagementInfo;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.Load;
import cn.yrd.onecard.crypto.Purchase;
import cn.yrd.onecard.crypto.TacVerifier;
import cn.yrd.onecard.purse.PurseFci;
import cn.yrd.onecard.purse.UpdateCappDataCache;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The purse as terminals and card-reading apps see it, command by command, in hex. */
class PurseTest {
    static final String SELECT_PPSE = "00A404000E325041592E5359532E444446303100";
    static final String SELECT_EP = "00A4040008A000000632010105";
    static final String READ_PUBLIC_INFO = "00B0950000";
    static final String GET_BALANCE = "805C000204";
    static final String GET_CHALLENGE = "0084000004";
    static final String TERMINAL = "0000AB12CD34";
    static final String SERIAL = "0000000012345678";

    private final TestIssuer issuer = new TestIssuer();
    private final CardOs card = issuer.card("3205", SERIAL, 2000);
    private final CardOs psam = issuer.psam(TERMINAL);
    private final TestGate gate = new TestGate(psam, TERMINAL);

    @Test
    void readsLikeACardReadingAppExpects() {
        ResponseApdu ppse = send(card, SELECT_PPSE);
        assertThat(ppse.isOk()).isTrue();
        assertThat(Tlv.parse(ppse.data()).find(0x4F).orElseThrow().value()).isEqualTo(hex("A000000632010105"));

        ResponseApdu ep = send(card, SELECT_EP);
        assertThat(ep.sw()).isEqualTo(0x9000);
        byte[] fciInfo = Tlv.parse(ep.data()).find(0x9F0C).orElseThrow().value();

        ResponseApdu info = send(card, READ_PUBLIC_INFO);
        assertThat(info.data()).hasSize(30).isEqualTo(fciInfo);
        PublicInfo publicInfo = PublicInfo.decode(info.data());
        assertThat(publicInfo.cardSerial()).isEqualTo(CardSerial.of(SERIAL));
        assertThat(publicInfo.issuerId().city()).isEqualTo(Cities.byCode("3205"));
        assertThat(send(card, "00B0950000").toBytes()).hasSize(32);

        assertThat(send(card, GET_BALANCE).toHex()).isEqualTo("000007D09000");
        assertThat(send(card, "00B201C400").toHex()).as("no purchase yet").isEqualTo("6A83");
        assertThat(send(card, "00B201D400").data()).as("0x1A is one 128-byte record").hasSize(128);
    }

    /**
     * SELECT's FCI carries 0x17 and the 0x1A record (issue 22: a tap reads neither), and they are the files as READ
     * gives them, after a purchase that wrote 0x1A too; their reserved zeros stay off the field.
     */
    @Test
    void theFciCarriesFiles0x17And0x1AAsReadGivesThemAfterAPurchaseToo() {
        ResponseApdu ep = send(card, SELECT_EP);
        PurseFci fci = PurseFci.parse(ep.data());
        assertThat(fci.management()).contains(ManagementInfo.decode(send(card, "00B0970000").data()));
        assertThat(fci.metro()).contains(MetroState.decode(send(card, "00B201D400").data()));
        assertThat(ep.data().length).as("without the files' trailing zeros").isLessThan(150);

        MetroState entered = new MetroState(MetroState.Journey.ENTERED, false, Cities.byCode("3205"), 1, 7,
                "0000000000000042", LocalDateTime.of(2026, 11, 23, 8, 30), 0, 0, null, Industry.RAIL,
                LocalDateTime.of(2026, 11, 23, 8, 30), Cities.byCode("3205"), null, 0);
        TestGate.Debit prepared = gate.prepare(card, 0, true);
        assertThat(send(card, hexOf(new UpdateCappDataCache(MetroState.SFI, entered.encode()).build())).sw())
                .isEqualTo(0x9000);
        assertThat(send(card, hexOf(prepared.command())).sw()).isEqualTo(0x9000);

        PurseFci after = PurseFci.parse(send(card, SELECT_EP).data());
        assertThat(after.metro()).contains(entered);
        assertThat(after.metro()).contains(MetroState.decode(send(card, "00B201D400").data()));
    }

    /** The FCI stays a short answer whatever the files hold: too big with both, it carries 0x15 alone. */
    @Test
    void anFciThatWouldNotFitAShortAnswerLeavesTheFilesOut() {
        send(card, SELECT_EP);
        byte[] info = send(card, READ_PUBLIC_INFO).data();
        byte[] management = send(card, "00B0970000").data();
        byte[] fullRecord = send(card, "00B201D400").data();
        fullRecord[MetroState.LENGTH - 1] = 1;
        byte[] fits = PurseFci.encode(Purse.LABEL, info, management, fullRecord);
        assertThat(fits.length).isLessThanOrEqualTo(256);
        assertThat(PurseFci.parse(fits).metro()).isPresent();

        byte[] fullManagement = management.clone();
        fullManagement[ManagementInfo.LENGTH - 1] = 1;
        byte[] tooBig = PurseFci.encode(Purse.LABEL, info, fullManagement, fullRecord);
        assertThat(tooBig.length).isLessThanOrEqualTo(256);
        assertThat(PurseFci.parse(tooBig).management()).isEmpty();
        assertThat(PurseFci.parse(tooBig).metro()).isEmpty();
        assertThat(PurseFci.parse(tooBig).info()).isEqualTo(PublicInfo.decode(info));
    }

    @Test
    void aPurchaseWithThePsamDebitsOnceAndItsTacVerifiesAtClearing() {
        TestGate.Debit debit = gate.purchase(card, 300, false);
        assertThat(debit.response().sw()).isEqualTo(0x9000);
        assertThat(send(psam, "8072000004" + hexOf(debit.mac2())).sw()).as("PSAM accepts MAC2").isEqualTo(0x9000);

        TacVerifier clearing = new TacVerifier(c -> issuer.master(KeyPurpose.TAC, c));
        assertThat(clearing.verifyPurchase(Cities.byCode("3205"), CardAlgorithm.TRIPLE_DES, CardSerial.of(SERIAL),
                debit.purchase(), debit.tac())).isTrue();

        assertThat(send(card, GET_BALANCE).toHex()).isEqualTo("000006A49000");
        PurseLogEntry logged = PurseLogEntry.decode(send(card, "00B201C400").data());
        assertThat(logged).isEqualTo(new PurseLogEntry(1, 0, 300, TransactionType.PURCHASE, TERMINAL,
                debit.purchase().time()));

        ResponseApdu proof = send(card, "805A000602" + "0001");
        assertThat(proof.data()).as("prove answers MAC2 then TAC")
                .isEqualTo(concat(debit.mac2(), debit.tac()));
        assertThat(send(card, "805A000602" + "0002").toHex()).isEqualTo("9406");
    }

    @Test
    void aReplayedDebitIsRefusedAndChargesNothing() {
        TestGate.Debit debit = gate.purchase(card, 300, false);
        assertThat(send(card, debit.command()).toHex()).isEqualTo("6901");
        assertThat(send(card, GET_BALANCE).toHex()).isEqualTo("000006A49000");
    }

    @Test
    void capRecordsAreWrittenOnlyWithASuccessfulDebit() {
        send(card, SELECT_EP);
        byte[] trip = TripRecord.of(TripRecord.Kind.BUS, "00000000000000B1", cn.yrd.onecard.card.Industry.BUS, 5, 0,
                1, 200, 1800, LocalDateTime.of(2026, 11, 23, 8, 0), Cities.byCode("3205"), "0000000000003205")
                .encode();
        assertThat(send(card, "80DC00F030" + hexOf(trip)).toHex()).as("no CAPP session").isEqualTo("6901");

        assertThat(send(card, "805003020B01" + "000000C8" + TERMINAL).sw()).isEqualTo(0x9000);
        assertThat(send(card, "80DC00F030" + hexOf(trip)).toHex()).isEqualTo("9000");
        assertThat(send(card, "80DC00F02F" + hexOf(Arrays.copyOf(trip, 47))).toHex()).isEqualTo("6700");
        assertThat(send(card, "805401000F" + "00000001" + "20261123080000" + "00000000").toHex())
                .as("wrong MAC1").isEqualTo("9302");
        assertThat(send(card, "00B201F400").toHex()).as("nothing written").isEqualTo("6A83");

        TestGate.Debit ok = gate.purchase(card, 200, true, trip);
        assertThat(ok.response().sw()).isEqualTo(0x9000);
        assertThat(send(card, "00B201F400").data()).isEqualTo(trip);
        assertThat(send(card, "805A000902" + "0001").sw()).isEqualTo(0x9000);
    }

    @Test
    void threeWrongMac1sLockThePurseForGood() {
        for (int i = 0; i < Purse.MAC_FAILURES_BEFORE_LOCK; i++) {
            send(card, SELECT_EP);
            send(card, "805001020B01" + "00000064" + TERMINAL);
            assertThat(send(card, "805401000F" + "00000001" + "20261123080000" + "00000000").toHex())
                    .isEqualTo("9302");
        }
        assertThat(send(card, SELECT_EP).toHex()).isEqualTo("9303");
        assertThat(send(card, GET_BALANCE).toHex()).isEqualTo("9303");
    }

    @Test
    void aLoadIsAuthorisedByTheIssuersHostAndItsTacVerifies() throws Exception {
        send(card, SELECT_EP);
        ResponseApdu init = send(card, "805000020B01" + "00001388" + "000000000077");
        assertThat(init.sw()).isEqualTo(0x9000);
        ByteBuffer r = ByteBuffer.wrap(init.data());
        long oldBalance = r.getInt();
        int onlineAtc = r.getShort();
        r.get();
        r.get();
        byte[] random = new byte[4];
        r.get(random);
        byte[] cardMac1 = new byte[4];
        r.get(cardMac1);

        // The issuing city's host: its load master key, diversified for this card.
        CardCrypto host = new CardCrypto(CardAlgorithm.TRIPLE_DES);
        byte[] dlk = host.diversify(issuer.master(KeyPurpose.LOAD, Cities.byCode("3205")), CardSerial.of(SERIAL));
        byte[] seslk = host.loadSessionKey(dlk, random, onlineAtc);
        LocalDateTime when = LocalDateTime.of(2026, 11, 23, 12, 0, 0);
        Load load = new Load(5000, 0x02, "000000000077", when);
        assertThat(host.loadMac1(seslk, oldBalance, load)).isEqualTo(cardMac1);
        byte[] mac2 = host.loadMac2(seslk, load);

        assertThat(send(card, "805200000B" + "20261123120000" + "00000000").toHex()).as("wrong MAC2")
                .isEqualTo("9302");
        send(card, "805000020B01" + "00001388" + "000000000077");
        // A new INIT has a new random: the host computes again.
        ResponseApdu again = send(card, "805000020B01" + "00001388" + "000000000077");
        byte[] random2 = Arrays.copyOfRange(again.data(), 8, 12);
        byte[] seslk2 = host.loadSessionKey(dlk, random2, onlineAtc);
        ResponseApdu credit = send(card, "805200000B" + "20261123120000" + hexOf(host.loadMac2(seslk2, load)));
        assertThat(credit.sw()).isEqualTo(0x9000);
        assertThat(mac2).hasSize(4);

        TacVerifier clearing = new TacVerifier(c -> issuer.master(KeyPurpose.TAC, c));
        assertThat(clearing.verifyLoad(Cities.byCode("3205"), CardAlgorithm.TRIPLE_DES, CardSerial.of(SERIAL), 7000,
                onlineAtc, load, credit.data())).isTrue();
        assertThat(send(card, GET_BALANCE).toHex()).isEqualTo("00001B589000");
        assertThat(PurseLogEntry.decode(send(card, "00B201C400").data()).type()).isEqualTo(TransactionType.LOAD);
    }

    @Test
    void aHotlistedCardIsBlockedWithThePsamsMacAndSaysSoAfterwards() {
        send(card, SELECT_EP);
        assertThat(send(card, "841E000004" + "00000000").toHex()).as("no challenge").isEqualTo("6984");
        byte[] challenge = send(card, GET_CHALLENGE).data();
        assertThat(send(card, "841E000004" + "01020304").toHex()).as("wrong MAC").isEqualTo("6988");

        challenge = send(card, GET_CHALLENGE).data();
        String issuerId = "0001" + "3205" + "0003" + "FFFF";
        assertThat(send(psam, "801A280010" + SERIAL + issuerId).toHex()).isEqualTo("9000");
        byte[] mac = send(psam, "80FA050009" + hexOf(challenge) + "841E000004").data();
        assertThat(send(card, "841E000004" + hexOf(mac)).toHex()).isEqualTo("9000");

        assertThat(send(card, SELECT_EP).sw()).isEqualTo(0x6283);
        assertThat(send(card, "805001020B01" + "00000064" + TERMINAL).toHex()).isEqualTo("6283");
        assertThat(send(card, READ_PUBLIC_INFO).sw()).as("files stay readable").isEqualTo(0x9000);
    }

    /**
     * READ BINARY as ISO 7816-4 answers it (issue 22): a short Le reads the first Le bytes, as card-reading apps ask
     * for file 0x15 ({@code 00 B0 95 00 10}); Le 00 all of it; a Le past the end the bytes there are and 6282.
     */
    @Test
    void readBinaryWithAShortLeReadsTheFirstLeBytes() {
        send(card, SELECT_EP);
        byte[] whole = send(card, "00B0950000").data();
        assertThat(whole).hasSize(30);
        String[][] cases = {
            {"00B0950010", slice(whole, 0, 16) + "9000", "Le 16: the first 16 bytes"},
            {"00B095001E", slice(whole, 0, 30) + "9000", "Le = the file's length"},
            {"00B0950020", slice(whole, 0, 30) + "6282", "Le past the end: what there is, end of file"},
            {"00B0951C04", slice(whole, 28, 30) + "6282", "from offset 28, Le 4: two bytes, end of file"},
            {"00B0951001", slice(whole, 16, 17) + "9000", "from offset 16, Le 1"},
            {"00B0951E00", "6B00", "an offset at the end: outside the file"},
        };
        for (String[] c : cases) {
            assertThat(send(card, c[0]).toHex()).as(c[2]).isEqualTo(c[1]);
        }
    }

    /**
     * A reader app that dumps a China transit card as Metrodroid's {@code ChinaCard} does (docs/conformance.md), both
     * ways it does: by SFI (READ BINARY of every SFI, and where the file is there, {@code 6A82} skipping it, its
     * records from 1 until {@code 6A83}), then by file identifier (SELECT of the MF, of DF 1001 and of EF {@code 00
     * <SFI>}, then READ BINARY and READ RECORD of the current EF). A record file must answer READ BINARY "not binary"
     * ({@code 6981}), not "not found", and the EFs must be selectable: the app then reads the purse log and the trips
     * as a real card gives them, either way.
     */
    @Test
    void aReaderAppDumpingTheCardBySfiAndByIdentifierGetsTheFilesTheLogAndTheTrips() {
        byte[] trip = TripRecord.of(TripRecord.Kind.BUS, "00000000000000B1", Industry.BUS, 5, 0, 1, 200, 1800,
                LocalDateTime.of(2026, 11, 23, 8, 0), Cities.byCode("3205"), "0000000000003205").encode();
        assertThat(gate.purchase(card, 300, false).response().sw()).isEqualTo(0x9000);
        assertThat(gate.purchase(card, 200, true, trip).response().sw()).isEqualTo(0x9000);
        send(card, SELECT_EP);

        Dump bySfi = new Dump();
        for (int sfi = 1; sfi <= 31; sfi++) {
            bySfi.file(sfi, send(card, String.format("00B0%02X0000", 0x80 | sfi)), sfi << 3 | 4);
        }
        Dump byIdentifier = new Dump();
        for (int sfi : new int[] {0x04, 0x05, 0x08, 0x09, 0x0A, 0x15, 0x18, 0x19}) { // the files Metrodroid asks for
            send(card, "00A4000000");
            send(card, "00A4000002100100");
            if (send(card, String.format("00A4000002%04X00", sfi)).isOk()) {
                byIdentifier.file(sfi, send(card, "00B0000000"), 0x04);
            }
        }

        assertThat(bySfi.binaryLengths).as("binary files and their lengths")
                .isEqualTo(Map.of(0x15, 30, 0x16, 55, 0x17, 60));
        assertThat(bySfi.records.keySet()).as("record files with records").containsExactly(0x18, 0x1A, 0x1E);
        assertThat(bySfi.records.get(0x18)).as("the purse log, newest first").hasSize(2)
                .allSatisfy(r -> assertThat(r).hasSize(23));
        assertThat(PurseLogEntry.decode(bySfi.records.get(0x18).get(0)).amount()).isEqualTo(200);
        assertThat(bySfi.records.get(0x1A)).hasSize(1).allSatisfy(r -> assertThat(r).hasSize(128));
        assertThat(bySfi.records.get(0x1E)).containsExactly(trip);

        assertThat(byIdentifier.binaryLengths).as("by identifier").isEqualTo(Map.of(0x15, 30));
        assertThat(byIdentifier.records.keySet()).containsExactly(0x18);
        assertThat(byIdentifier.records.get(0x18)).usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(bySfi.records.get(0x18));
    }

    /** What a dumping reader app keeps of a card: the binary files' lengths, the record files' records. */
    private final class Dump {
        final Map<Integer, Integer> binaryLengths = new TreeMap<>();
        final Map<Integer, List<byte[]>> records = new TreeMap<>();

        /** A file after its READ BINARY answered {@code binary}: its records read with P2 {@code recordP2}. */
        void file(int sfi, ResponseApdu binary, int recordP2) {
            if (binary.sw() == 0x6A82) {
                return;
            }
            if (binary.isOk()) {
                binaryLengths.put(sfi, binary.data().length);
            }
            for (int r = 1; r <= 255; r++) {
                ResponseApdu record = send(card, String.format("00B2%02X%02X00", r, recordP2));
                if (!record.isOk()) {
                    break;
                }
                records.computeIfAbsent(sfi, k -> new ArrayList<>()).add(record.data());
            }
        }
    }

    private static String slice(byte[] b, int from, int to) {
        return java.util.HexFormat.of().withUpperCase().formatHex(java.util.Arrays.copyOfRange(b, from, to));
    }

    @Test
    void wrongLeIsAnsweredWith6CxxOr61xxLikeRealCards() {
        send(card, SELECT_EP);
        assertThat(send(card, "805C000202").toHex()).isEqualTo("6C04");
        assertThat(send(card, "805C000200").toHex()).isEqualTo("000007D09000");
        assertThat(send(card, "805001020B01" + "00000064" + TERMINAL + "05").toHex()).isEqualTo("610F");
        ResponseApdu rest = send(card, "00C000000F");
        assertThat(rest.data()).hasSize(15);
        assertThat(rest.sw()).isEqualTo(0x9000);
    }

    @Test
    void malformedCommandsGetPreciseStatusWordsAndChangeNothing() {
        send(card, SELECT_EP);
        assertThat(send(card, "80").toHex()).isEqualTo("6700");
        assertThat(send(card, "805C00").toHex()).isEqualTo("6700");
        assertThat(send(card, "A05C000204").toHex()).isEqualTo("6E00");
        assertThat(send(card, "80FF000000").toHex()).isEqualTo("6D00");
        assertThat(send(card, "805C020204").toHex()).isEqualTo("6A86");
        assertThat(send(card, "805C000104").toHex()).as("P2 01, the ED the purse is not").isEqualTo("6A86");
        assertThat(send(card, "8054010FFF00").toHex()).isEqualTo("6700");
        assertThat(send(card, "805401000F" + "00000001" + "20261123083015" + "00000000").toHex())
                .as("DEBIT without INIT").isEqualTo("6901");
        assertThat(send(card, "805401000F" + "00".repeat(15)).toHex()).as("DEBIT of no date").isEqualTo("6A80");
        assertThat(send(card, "805001020A01" + "00000064" + "0000AB12CD").toHex()).isEqualTo("6700");
        assertThat(send(card, "805001020B02" + "00000064" + TERMINAL).toHex()).as("unknown key").isEqualTo("9403");
        assertThat(send(card, "805001020B01" + "00002711" + TERMINAL).toHex()).isEqualTo("9401");
        assertThat(send(card, "00A4040008A000000632010199").toHex()).isEqualTo("6A82");
        assertThat(send(card, "00B0990000").toHex()).isEqualTo("6A82");
        assertThat(send(card, GET_BALANCE).toHex()).isEqualTo("000007D09000");
        assertThat(send(card, "00B201C400").toHex()).isEqualTo("6A83");
    }

    @Test
    void aCardOutOfPowerRefusesToWork() {
        card.powerOff();
        assertThatThrownBy(() -> send(card, GET_BALANCE)).isInstanceOf(IllegalStateException.class);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
