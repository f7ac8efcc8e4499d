package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.Bcd;
import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.Load;
import cn.yrd.onecard.crypto.Purchase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.commons.codec.binary.Hex;

/**
 * The transit electronic purse (AID {@code A0 00 00 06 32 01 01 05}) as the card profile describes it:
 * its files, balance and counters, purchase (plain and compound, with the CAPP cache), load, transaction
 * proofs, and the maintenance commands. Every change to persistent state goes through the card's
 * {@link Eeprom} in one commit per command, so a purchase changes balance, counter, log and CAPP records
 * together or not at all.
 */
final class Purse implements Application {
    static final byte[] AID = {(byte) 0xA0, 0x00, 0x00, 0x06, 0x32, 0x01, 0x01, 0x05};
    static final String LABEL = "MOT_T_EP";
    /** After this many wrong MAC1s in a row the purse locks for good, as the profile's 9302/9303 describe. */
    static final int MAC_FAILURES_BEFORE_LOCK = 3;
    /** How many recent transactions GET TRANSACTION PROVE can still prove. */
    static final int PROOFS_KEPT = 10;

    private record Proof(int type, byte[] mac2, byte[] tac) {
    }

    private record PurchaseSession(TransactionType type, long amount, String terminal, byte[] random, int atc,
            int keyIndex) {
    }

    private record LoadSession(long amount, String terminal, byte[] sessionKey, long oldBalance, int atc) {
    }

    private final Eeprom eeprom;
    private final PurseKeys keys;
    private final CardCrypto crypto;
    private final RandomGenerator random;

    // Persistent state: changed only inside eeprom.commit().
    private final byte[] publicInfo;
    private final byte[] holder;
    private final byte[] management;
    private final Deque<byte[]> log = new ArrayDeque<>();
    private byte[] metro;
    private final Deque<byte[]> trips = new ArrayDeque<>();
    private long balance;
    private int offlineAtc;
    private int onlineAtc;
    private boolean blocked;
    private boolean locked;
    private int macFailures;
    private final LinkedHashMap<Integer, Proof> proofs = new LinkedHashMap<>();

    // Volatile state: gone on deselect and power loss.
    private PurchaseSession purchase;
    private LoadSession load;
    private final Map<Integer, byte[]> cappCache = new HashMap<>();
    private byte[] challenge;

    Purse(Eeprom eeprom, PurseKeys keys, PublicInfo publicInfo, byte[] holder, byte[] management, MetroState metro,
            long balance, RandomGenerator random) {
        this.eeprom = eeprom;
        this.keys = keys;
        this.crypto = new CardCrypto(keys.algorithm());
        this.random = random;
        this.publicInfo = publicInfo.encode();
        this.holder = holder.clone();
        this.management = management.clone();
        this.metro = metro.encode();
        this.balance = balance;
    }

    // --- what tests and the console may look at (not reachable through APDUs) -------------------------

    long balance() {
        return balance;
    }

    int offlineAtc() {
        return offlineAtc;
    }

    boolean isBlocked() {
        return blocked;
    }

    @Override
    public boolean answersTo(int p1, byte[] id) {
        return p1 == 0x04 && Arrays.equals(id, AID);
    }

    @Override
    public ResponseApdu select() {
        if (locked) {
            return ResponseApdu.of(StatusWord.APPLICATION_LOCKED);
        }
        byte[] fci = Tlv.constructed(0x6F,
                Tlv.of(0x84, AID),
                Tlv.constructed(0xA5,
                        Tlv.of(0x50, LABEL.getBytes(StandardCharsets.US_ASCII)),
                        Tlv.of(0x87, new byte[] {0x01}),
                        Tlv.of(0x9F08, new byte[] {0x02}),
                        Tlv.of(0x9F0C, publicInfo))).encode();
        return new ResponseApdu(fci, blocked ? StatusWord.APPLICATION_BLOCKED.code() : StatusWord.OK.code());
    }

    @Override
    public void reset() {
        purchase = null;
        load = null;
        cappCache.clear();
        challenge = null;
    }

    @Override
    public ResponseApdu process(CommandApdu c) {
        if (locked) {
            return ResponseApdu.of(StatusWord.APPLICATION_LOCKED);
        }
        return switch (c.ins()) {
            case 0xB0 -> expectCla(c, 0x00) ? readBinary(c) : claError();
            case 0xB2 -> expectCla(c, 0x00) ? readRecord(c) : claError();
            case 0x84 -> expectCla(c, 0x00) ? getChallenge(c) : claError();
            case 0x5C -> expectCla(c, 0x80) ? getBalance(c) : claError();
            case 0x50 -> expectCla(c, 0x80) ? initialize(c) : claError();
            case 0xDC -> expectCla(c, 0x80) ? updateCappCache(c) : claError();
            case 0x54 -> expectCla(c, 0x80) ? debit(c) : claError();
            case 0x5A -> expectCla(c, 0x80) ? prove(c) : claError();
            case 0x52 -> expectCla(c, 0x80) ? credit(c) : claError();
            case 0x1E -> expectCla(c, 0x84) ? applicationBlock(c) : claError();
            default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    // --- files ------------------------------------------------------------------------------------------

    private ResponseApdu readBinary(CommandApdu c) {
        if ((c.p1() & 0x80) == 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        byte[] file = switch (c.p1() & 0x1F) {
            case PublicInfo.SFI -> publicInfo;
            case 0x16 -> holder;
            case 0x17 -> management;
            default -> null;
        };
        if (file == null) {
            return ResponseApdu.of(StatusWord.FILE_NOT_FOUND);
        }
        if (c.p2() >= file.length) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        return ResponseApdu.ok(Arrays.copyOfRange(file, c.p2(), file.length));
    }

    private ResponseApdu readRecord(CommandApdu c) {
        int sfi = c.p2() >>> 3;
        int mode = c.p2() & 0x07;
        if (c.p1() == 0 || (mode != 4 && mode != 5)) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        List<byte[]> records = switch (sfi) {
            case PurseLogEntry.SFI -> List.copyOf(log);
            case MetroState.SFI -> List.of(metro);
            case TripRecord.SFI -> List.copyOf(trips);
            default -> null;
        };
        if (records == null) {
            return ResponseApdu.of(StatusWord.FILE_NOT_FOUND);
        }
        if (c.p1() > records.size()) {
            return ResponseApdu.of(StatusWord.RECORD_NOT_FOUND);
        }
        if (mode == 4) {
            return ResponseApdu.ok(records.get(c.p1() - 1));
        }
        ByteBuffer all = ByteBuffer.allocate(records.stream().skip(c.p1() - 1).mapToInt(r -> r.length).sum());
        records.stream().skip(c.p1() - 1).forEach(all::put);
        return ResponseApdu.ok(all.array());
    }

    // --- purse ------------------------------------------------------------------------------------------

    private ResponseApdu getBalance(CommandApdu c) {
        if ((c.p1() != 0x00 && c.p1() != 0x03) || c.p2() != 0x02) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (blocked) {
            return ResponseApdu.of(StatusWord.APPLICATION_BLOCKED);
        }
        return ResponseApdu.ok(u32(balance));
    }

    private ResponseApdu initialize(CommandApdu c) {
        if (c.p2() != 0x02 || (c.p1() != 0x00 && c.p1() != 0x01 && c.p1() != 0x03)) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != 11) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        if (blocked) {
            return ResponseApdu.of(StatusWord.APPLICATION_BLOCKED);
        }
        reset();
        ByteBuffer d = ByteBuffer.wrap(c.data());
        int keyIndex = d.get() & 0xFF;
        long amount = d.getInt() & 0xFFFFFFFFL;
        byte[] terminal = new byte[6];
        d.get(terminal);
        if (keyIndex != 0x01) {
            return ResponseApdu.of(StatusWord.KEY_NOT_FOUND);
        }
        String terminalNo = Hex.encodeHexString(terminal, false);
        byte[] rnd = new byte[4];
        random.nextBytes(rnd);
        if (c.p1() == 0x00) {
            return initializeLoad(amount, terminalNo, rnd);
        }
        if (amount > balance) {
            return ResponseApdu.of(StatusWord.INSUFFICIENT_BALANCE);
        }
        TransactionType type = c.p1() == 0x03 ? TransactionType.COMPOUND_PURCHASE : TransactionType.PURCHASE;
        purchase = new PurchaseSession(type, amount, terminalNo, rnd, offlineAtc, keyIndex);
        return ResponseApdu.ok(ByteBuffer.allocate(15).put(u32(balance)).putShort((short) offlineAtc)
                .put(new byte[3]).put((byte) keys.keyVersion()).put((byte) keys.algorithm().id()).put(rnd).array());
    }

    private ResponseApdu initializeLoad(long amount, String terminalNo, byte[] rnd) {
        if (balance + amount > 0xFFFFFFFFL) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] sessionKey = crypto.loadSessionKey(keys.dlk(), rnd, onlineAtc);
        Load l = new Load(amount, TransactionType.LOAD.code(), terminalNo, LocalDateTime.MIN);
        byte[] mac1 = crypto.loadMac1(sessionKey, balance, l);
        load = new LoadSession(amount, terminalNo, sessionKey, balance, onlineAtc);
        return ResponseApdu.ok(ByteBuffer.allocate(16).put(u32(balance)).putShort((short) onlineAtc)
                .put((byte) keys.keyVersion()).put((byte) keys.algorithm().id()).put(rnd).put(mac1).array());
    }

    private ResponseApdu updateCappCache(CommandApdu c) {
        if (purchase == null || purchase.type() != TransactionType.COMPOUND_PURCHASE) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        int sfi = c.p2() >>> 3;
        int expected = sfi == MetroState.SFI ? MetroState.LENGTH : sfi == TripRecord.SFI ? TripRecord.LENGTH : -1;
        if (expected < 0 || (c.p2() & 0x07) != 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != expected) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        cappCache.put(sfi, c.data());
        return ResponseApdu.of(StatusWord.OK);
    }

    private ResponseApdu debit(CommandApdu c) {
        if (c.p1() != 0x01 || c.p2() != 0x00) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != 15) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        PurchaseSession s = purchase;
        if (s == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        Map<Integer, byte[]> capp = new HashMap<>(cappCache);
        reset();
        ByteBuffer d = ByteBuffer.wrap(c.data());
        long ttc = d.getInt() & 0xFFFFFFFFL;
        byte[] dateTime = new byte[7];
        d.get(dateTime);
        byte[] mac1 = new byte[4];
        d.get(mac1);
        LocalDateTime time;
        try {
            time = Bcd.toDateTime(dateTime, 0);
        } catch (IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        Purchase p = new Purchase(s.amount(), s.type().code(), s.terminal(), ttc, time);
        byte[] sessionKey = crypto.purchaseSessionKey(keys.dpk(), s.random(), s.atc(), ttc);
        if (!MessageDigest.isEqual(crypto.purchaseMac1(sessionKey, p), mac1)) {
            int failures = macFailures + 1;
            eeprom.commit(List.of(() -> {
                macFailures = failures;
                locked = failures >= MAC_FAILURES_BEFORE_LOCK;
            }));
            return ResponseApdu.of(StatusWord.MAC_INVALID);
        }
        byte[] mac2 = crypto.purchaseMac2(sessionKey, s.amount());
        byte[] tac = crypto.purchaseTac(keys.dtk(), p);
        int atc = s.atc() + 1;
        byte[] logRecord = new PurseLogEntry(atc, 0, s.amount(), s.type(), s.terminal(), time).encode();
        List<Eeprom.Change> changes = new ArrayList<>();
        changes.add(() -> balance -= s.amount());
        changes.add(() -> offlineAtc = atc);
        changes.add(() -> pushCyclic(log, logRecord, PurseLogEntry.CAPACITY));
        byte[] newMetro = capp.get(MetroState.SFI);
        if (newMetro != null) {
            changes.add(() -> metro = newMetro);
        }
        byte[] newTrip = capp.get(TripRecord.SFI);
        if (newTrip != null) {
            changes.add(() -> pushCyclic(trips, newTrip, TripRecord.CAPACITY));
        }
        changes.add(() -> {
            proofs.put(atc, new Proof(s.type().code(), mac2, tac));
            trimProofs();
            macFailures = 0;
        });
        eeprom.commit(changes);
        return ResponseApdu.ok(concat(tac, mac2));
    }

    private ResponseApdu prove(CommandApdu c) {
        if (c.p1() != 0x00 || (c.p2() != 0x06 && c.p2() != 0x09)) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != 2) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        int atc = ((c.data()[0] & 0xFF) << 8) | (c.data()[1] & 0xFF);
        Proof proof = proofs.get(atc);
        if (proof == null || proof.type() != c.p2()) {
            return ResponseApdu.of(StatusWord.NO_PROOF_AVAILABLE);
        }
        return ResponseApdu.ok(concat(proof.mac2(), proof.tac()));
    }

    private ResponseApdu credit(CommandApdu c) {
        if (c.p1() != 0x00 || c.p2() != 0x00) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != 11) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        LoadSession s = load;
        if (s == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        reset();
        byte[] d = c.data();
        LocalDateTime time;
        try {
            time = Bcd.toDateTime(d, 0);
        } catch (IllegalArgumentException e) {
            return ResponseApdu.of(StatusWord.WRONG_DATA);
        }
        Load l = new Load(s.amount(), TransactionType.LOAD.code(), s.terminal(), time);
        if (!MessageDigest.isEqual(crypto.loadMac2(s.sessionKey(), l), Arrays.copyOfRange(d, 7, 11))) {
            return ResponseApdu.of(StatusWord.MAC_INVALID);
        }
        long newBalance = s.oldBalance() + s.amount();
        byte[] tac = crypto.loadTac(keys.dtk(), newBalance, s.atc(), l);
        byte[] logRecord = new PurseLogEntry(s.atc() + 1, 0, s.amount(), TransactionType.LOAD, s.terminal(), time)
                .encode();
        eeprom.commit(List.of(
                () -> balance = newBalance,
                () -> onlineAtc = s.atc() + 1,
                () -> pushCyclic(log, logRecord, PurseLogEntry.CAPACITY)));
        return ResponseApdu.ok(tac);
    }

    // --- maintenance ------------------------------------------------------------------------------------

    private ResponseApdu getChallenge(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.ne() != 4 && c.ne() != 256) {
            return new ResponseApdu(new byte[0], StatusWord.wrongLe(4));
        }
        challenge = new byte[4];
        random.nextBytes(challenge);
        return ResponseApdu.ok(challenge);
    }

    private ResponseApdu applicationBlock(CommandApdu c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return ResponseApdu.of(StatusWord.WRONG_P1_P2);
        }
        if (c.lc() != 4) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        byte[] issued = challenge;
        challenge = null;
        if (issued == null) {
            return ResponseApdu.of(StatusWord.NO_CHALLENGE);
        }
        byte[] header = {(byte) 0x84, 0x1E, 0x00, 0x00, 0x04};
        if (!MessageDigest.isEqual(crypto.secureMessagingMac(keys.maintenance(), issued, header), c.data())) {
            return ResponseApdu.of(StatusWord.SECURE_MESSAGING_MAC_INVALID);
        }
        eeprom.commit(List.of(() -> blocked = true));
        return ResponseApdu.of(StatusWord.OK);
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static boolean expectCla(CommandApdu c, int cla) {
        return c.cla() == cla;
    }

    private static ResponseApdu claError() {
        return ResponseApdu.of(StatusWord.CLA_NOT_SUPPORTED);
    }

    private static void pushCyclic(Deque<byte[]> file, byte[] record, int capacity) {
        file.addFirst(record);
        while (file.size() > capacity) {
            file.removeLast();
        }
    }

    private void trimProofs() {
        Iterator<Integer> oldest = proofs.keySet().iterator();
        while (proofs.size() > PROOFS_KEPT) {
            oldest.next();
            oldest.remove();
        }
    }

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).putInt((int) v).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
