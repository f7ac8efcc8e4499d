package cn.yrd.onecard.terminal.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.ManagementInfo;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.terminal.reader.Apdus;
import cn.yrd.onecard.terminal.reader.StatusException;
import cn.yrd.onecard.terminal.reader.TerminalException;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.ResponseAPDU;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/**
 * The transit purse as a terminal talks to it: one method per command of the card profile, each building
 * its APDU and parsing its answer; a refusal is a {@link StatusException} naming command and status word.
 */
public final class PurseCard {
    static final byte[] SELECT_PPSE = hex("00A404000E325041592E5359532E444446303100");
    static final byte[] SELECT_EP = hex("00A4040008A000000632010105");

    private final Apdus apdus;

    public PurseCard(Apdus apdus) {
        this.apdus = apdus;
    }

    /** What SELECT EP told: the public info from the FCI, and whether the application is blocked (6283). */
    public record Selected(PublicInfo info, boolean blocked) {
    }

    /** INITIALIZE FOR (CAPP) PURCHASE's answer. */
    public record PurchaseInit(long balance, int atc, int keyVersion, CardAlgorithm algorithm, byte[] random) {
    }

    /** INITIALIZE FOR LOAD's answer. */
    public record LoadInit(long balance, int onlineAtc, int keyVersion, CardAlgorithm algorithm, byte[] random,
            byte[] mac1) {
    }

    /** DEBIT's answer: TAC then MAC2. */
    public record DebitResult(byte[] tac, byte[] mac2) {
    }

    /** SELECT PPSE (as contactless readers do), then SELECT the EP; 0x15 comes in the FCI (tag 9F0C). */
    public Selected select() throws TerminalException {
        apdus.transmit(SELECT_PPSE);
        ResponseAPDU r = apdus.transmit(SELECT_EP);
        if (r.getSW() != 0x9000 && r.getSW() != StatusWord.APPLICATION_BLOCKED.code()) {
            throw StatusException.of("SELECT EP", r.getSW());
        }
        byte[] info = Tlv.parse(r.getData()).find(0x9F0C)
                .orElseThrow(() -> new StatusException("SELECT EP (no 9F0C in FCI)", r.getSW())).value();
        return new Selected(PublicInfo.decode(info), r.getSW() == StatusWord.APPLICATION_BLOCKED.code());
    }

    public ManagementInfo readManagementInfo() throws TerminalException {
        return ManagementInfo.decode(apdus.expectOk("READ BINARY 0x17", hex("00B0970000")));
    }

    public MetroState readMetroState() throws TerminalException {
        return MetroState.decode(apdus.expectOk("READ RECORD 0x1A", hex("00B201D400")));
    }

    public long balance() throws TerminalException {
        return ByteBuffer.wrap(apdus.expectOk("GET BALANCE", hex("805C000204"))).getInt() & 0xFFFFFFFFL;
    }

    /** The newest {@code max} records of the 0x18 log (or the 0x1E trips), newest first. */
    public List<PurseLogEntry> log(int max) throws TerminalException {
        List<PurseLogEntry> out = new ArrayList<>();
        for (byte[] r : records(0xC4, Math.min(max, PurseLogEntry.CAPACITY))) {
            out.add(PurseLogEntry.decode(r));
        }
        return out;
    }

    public List<TripRecord> trips(int max) throws TerminalException {
        List<TripRecord> out = new ArrayList<>();
        for (byte[] r : records(0xF4, Math.min(max, TripRecord.CAPACITY))) {
            out.add(TripRecord.decode(r));
        }
        return out;
    }

    private List<byte[]> records(int p2, int max) throws TerminalException {
        List<byte[]> out = new ArrayList<>();
        for (int n = 1; n <= max; n++) {
            ResponseAPDU r = apdus.transmit(new byte[] {0x00, (byte) 0xB2, (byte) n, (byte) p2, 0x00});
            if (r.getSW() == StatusWord.RECORD_NOT_FOUND.code()) {
                break;
            }
            if (r.getSW() != 0x9000) {
                throw StatusException.of("READ RECORD", r.getSW());
            }
            out.add(r.getData());
        }
        return out;
    }

    /** INITIALIZE FOR CAPP PURCHASE (compound: rides write 0x1A/0x1E with the debit). */
    public PurchaseInit initCappPurchase(long amount, String terminalNo) throws TerminalException {
        ByteBuffer d = initialize("INITIALIZE FOR CAPP PURCHASE", 0x03, amount, terminalNo);
        long balance = d.getInt() & 0xFFFFFFFFL;
        int atc = d.getShort() & 0xFFFF;
        d.get(new byte[3]);
        int keyVersion = d.get() & 0xFF;
        CardAlgorithm alg = CardAlgorithm.ofId(d.get() & 0xFF);
        byte[] random = new byte[4];
        d.get(random);
        return new PurchaseInit(balance, atc, keyVersion, alg, random);
    }

    /** INITIALIZE FOR LOAD of {@code amount} at the kiosk {@code terminalNo}: the card's MAC1 for the host. */
    public LoadInit initLoad(long amount, String terminalNo) throws TerminalException {
        ByteBuffer d = initialize("INITIALIZE FOR LOAD", 0x00, amount, terminalNo);
        long balance = d.getInt() & 0xFFFFFFFFL;
        int atc = d.getShort() & 0xFFFF;
        int keyVersion = d.get() & 0xFF;
        CardAlgorithm alg = CardAlgorithm.ofId(d.get() & 0xFF);
        byte[] random = new byte[4];
        d.get(random);
        byte[] mac1 = new byte[4];
        d.get(mac1);
        return new LoadInit(balance, atc, keyVersion, alg, random, mac1);
    }

    /**
     * An amount or counter as the card's 4-byte unsigned field: a value outside 0..FFFFFFFF is refused here, never
     * cut to its low bytes (a cast made 4,294,967,396 fen a 1-yuan top-up).
     */
    static int fourBytes(String what, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " " + value + " does not fit the card's 4-byte field");
        }
        return (int) value;
    }

    /** The INITIALIZE FOR ... commands differ only in P1 (00 load, 03 CAPP purchase); key index 01. */
    private ByteBuffer initialize(String name, int p1, long amount, String terminalNo) throws TerminalException {
        byte[] cmd = ByteBuffer.allocate(16).put(new byte[] {(byte) 0x80, 0x50, (byte) p1, 0x02, 0x0B})
                .put((byte) 0x01).putInt(fourBytes("amount", amount)).put(hex(terminalNo)).array();
        return ByteBuffer.wrap(apdus.expectOk(name, cmd));
    }

    /** CREDIT FOR LOAD with the host's MAC2; the card answers the TAC. */
    public byte[] credit(LocalDateTime time, byte[] mac2) throws TerminalException {
        byte[] cmd = ByteBuffer.allocate(16).put(hex("805200000B")).put(Bcd.dateTime(time)).put(mac2).array();
        return apdus.expectOk("CREDIT FOR LOAD", cmd);
    }

    /** UPDATE CAPP DATA CACHE: written only if the DEBIT that follows succeeds. */
    public void updateCapp(int sfi, byte[] record) throws TerminalException {
        byte[] cmd = ByteBuffer.allocate(5 + record.length).put(new byte[] {(byte) 0x80, (byte) 0xDC,
            (byte) (sfi == MetroState.SFI ? 0x01 : 0x00), (byte) (sfi << 3), (byte) record.length}).put(record).array();
        apdus.expectOk("UPDATE CAPP DATA CACHE", cmd);
    }

    public DebitResult debit(long ttc, LocalDateTime time, byte[] mac1) throws TerminalException {
        byte[] cmd = ByteBuffer.allocate(20).put(hex("805401000F")).putInt(fourBytes("TTC", ttc))
                .put(Bcd.dateTime(time)).put(mac1).array();
        byte[] d = apdus.expectOk("DEBIT FOR PURCHASE", cmd);
        return new DebitResult(Arrays.copyOf(d, 4), Arrays.copyOfRange(d, 4, 8));
    }

    /**
     * GET TRANSACTION PROVE for the transaction the card numbered {@code transactionAtc}: its MAC2 and TAC,
     * or empty when the card answers 9406 (that transaction did not happen).
     */
    public Optional<DebitResult> prove(int type, int transactionAtc) throws TerminalException {
        byte[] cmd = {(byte) 0x80, 0x5A, 0x00, (byte) type, 0x02, (byte) (transactionAtc >>> 8), (byte) transactionAtc};
        ResponseAPDU r = apdus.transmit(cmd);
        if (r.getSW() == StatusWord.NO_PROOF_AVAILABLE.code()) {
            return Optional.empty();
        }
        if (r.getSW() != 0x9000) {
            throw StatusException.of("GET TRANSACTION PROVE", r.getSW());
        }
        byte[] d = r.getData();
        return Optional.of(new DebitResult(Arrays.copyOfRange(d, 4, 8), Arrays.copyOf(d, 4)));
    }

    public byte[] challenge() throws TerminalException {
        return apdus.expectOk("GET CHALLENGE", hex("0084000004"));
    }

    /** APPLICATION BLOCK with the MAC the PSAM computed over {@link #BLOCK_HEADER}. */
    public void block(byte[] mac) throws TerminalException {
        byte[] cmd = Arrays.copyOf(BLOCK_HEADER, 9);
        System.arraycopy(mac, 0, cmd, 5, 4);
        apdus.expectOk("APPLICATION BLOCK", cmd);
    }

    /** The bytes of APPLICATION BLOCK that its MAC covers. */
    public static final byte[] BLOCK_HEADER = hex("841E000004");

    static byte[] hex(String s) {
        try {
            return Hex.decodeHex(s);
        } catch (DecoderException e) {
            throw new IllegalArgumentException("not hex: " + s, e);
        }
    }
}
