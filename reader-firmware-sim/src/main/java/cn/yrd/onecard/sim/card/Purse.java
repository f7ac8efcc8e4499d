package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.card.HolderInfo;
import cn.yrd.onecard.card.ManagementInfo;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.card.PurseLogEntry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.card.TripRecord;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.Load;
import cn.yrd.onecard.crypto.Purchase;
import cn.yrd.onecard.iso.GetChallenge;
import cn.yrd.onecard.iso.ReadBinary;
import cn.yrd.onecard.iso.ReadRecord;
import cn.yrd.onecard.iso.Select;
import cn.yrd.onecard.purse.ApplicationBlock;
import cn.yrd.onecard.purse.CreditForLoad;
import cn.yrd.onecard.purse.DebitForPurchase;
import cn.yrd.onecard.purse.GetBalance;
import cn.yrd.onecard.purse.GetTransactionProve;
import cn.yrd.onecard.purse.InitializeFor;
import cn.yrd.onecard.purse.LoadInit;
import cn.yrd.onecard.purse.PurchaseInit;
import cn.yrd.onecard.purse.PurseFci;
import cn.yrd.onecard.purse.UpdateCappDataCache;
import java.nio.ByteBuffer;
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

/**
 * The transit electronic purse (AID {@code A0 00 00 06 32 01 01 05}) as the card profile describes it:
 * its files, balance and counters, purchase (plain and compound, with the CAPP cache), load, transaction
 * proofs, and the maintenance commands. Every change to persistent state goes through the card's
 * {@link Eeprom} in one commit per command, so a purchase changes balance, counter, log and CAPP records
 * together or not at all.
 */
final class Purse implements Application {
    static final String LABEL = "MOT_T_EP";
    /** After this many wrong MAC1s in a row the purse locks for good, as the profile's 9302/9303 describe. */
    static final int MAC_FAILURES_BEFORE_LOCK = 3;
    /** How many recent transactions GET TRANSACTION PROVE can still prove. */
    static final int PROOFS_KEPT = 10;

    private record Proof(TransactionType type, DebitForPurchase.Proof proof) {
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
    /** Whether SELECT's FCI carries 0x17 and 0x1A besides 0x15 (ours do; see {@link CardOs#withFciOfOtherIssuers}). */
    boolean filesInFci = true;

    // Volatile state: gone on deselect and power loss.
    private PurchaseSession purchase;
    private LoadSession load;
    private final Map<Integer, byte[]> cappCache = new HashMap<>();
    private byte[] challenge;
    /**
     * The EF last selected by file identifier or read by SFI since the purse was ({@link ReadBinary#CURRENT_EF}: none),
     * for reads without an SFI.
     */
    private int currentEf;

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

    /** The city code of the issuer ID (bytes 2 and 3 of 0x15), BCD: see {@link CardOs#issuedIn}. */
    void issuerCity(byte[] bcd) {
        System.arraycopy(bcd, 0, publicInfo, 2, 2);
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
    public boolean answersTo(Select select) {
        return Select.TRANSIT_PURSE.names(select) || Select.TRANSIT_PURSE_DF.names(select);
    }

    /** An EF by file identifier {@code 00 <SFI>}: it becomes the current EF, answered without data. */
    @Override
    public ResponseApdu selectFile(Select select) {
        int sfi = select.elementaryFile();
        if (sfi == 0 || !holds(sfi)) {
            return null;
        }
        currentEf = sfi;
        return ResponseApdu.of(StatusWord.OK);
    }

    @Override
    public ResponseApdu select() {
        if (locked) {
            return ResponseApdu.of(StatusWord.APPLICATION_LOCKED);
        }
        currentEf = ReadBinary.CURRENT_EF;
        byte[] fci = filesInFci ? PurseFci.encode(LABEL, publicInfo, management, metro)
                : PurseFci.encode(LABEL, publicInfo);
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
        try {
            return switch (c.ins()) {
                case ReadBinary.INS -> readBinary(ReadBinary.read(c), ReadBinary.expected(c));
                case ReadRecord.INS -> readRecord(ReadRecord.read(c));
                case GetChallenge.INS -> getChallenge(c);
                case GetBalance.INS -> getBalance(c);
                case InitializeFor.INS -> initialize(InitializeFor.read(c));
                case UpdateCappDataCache.INS -> updateCappCache(c);
                case DebitForPurchase.INS -> debit(DebitForPurchase.read(c));
                case GetTransactionProve.INS -> prove(GetTransactionProve.read(c));
                case CreditForLoad.INS -> credit(CreditForLoad.read(c));
                case ApplicationBlock.INS -> applicationBlock(ApplicationBlock.read(c));
                default -> ResponseApdu.of(StatusWord.INS_NOT_SUPPORTED);
            };
        } catch (MalformedApduException e) {
            return e.answer();
        }
    }

    // --- files ------------------------------------------------------------------------------------------

    /**
     * READ BINARY of 0x15, 0x16 or 0x17, as ISO 7816-4 answers it ({@link ReadBinary#answer}). A record file is
     * there but not binary: {@code 6981}, not "not found" (reader apps that dump every SFI skip a file's records
     * when its READ BINARY says it does not exist).
     */
    private ResponseApdu readBinary(ReadBinary c, int ne) {
        int sfi = resolve(c.sfi());
        byte[] file = binary(sfi);
        if (file == null) {
            return notRead(sfi);
        }
        currentEf = sfi;
        return ReadBinary.answer(file, c.offset(), ne);
    }

    /**
     * The file a read names: its SFI, or the current EF's for SFI 0 ({@link ReadBinary#CURRENT_EF}: none). A file
     * read by its SFI becomes the current EF (ISO 7816-4 7.2.2), for the reads without one that follow.
     */
    private int resolve(int sfi) {
        return sfi == ReadBinary.CURRENT_EF ? currentEf : sfi;
    }

    /** Whether the purse holds a file {@code sfi}, of either structure. */
    private boolean holds(int sfi) {
        return binary(sfi) != null || records(sfi) != null;
    }

    /** Why a read of {@code sfi} (resolved) is not answered: no current EF, no such file, or the other structure. */
    private ResponseApdu notRead(int sfi) {
        if (sfi == ReadBinary.CURRENT_EF) {
            return ResponseApdu.of(StatusWord.NO_CURRENT_EF);
        }
        return ResponseApdu.of(holds(sfi) ? StatusWord.INCOMPATIBLE_FILE_STRUCTURE : StatusWord.FILE_NOT_FOUND);
    }

    /** The binary file {@code sfi} (0x15, 0x16, 0x17); null for any other. */
    private byte[] binary(int sfi) {
        return switch (sfi) {
            case PublicInfo.SFI -> publicInfo;
            case HolderInfo.SFI -> holder;
            case ManagementInfo.SFI -> management;
            default -> null;
        };
    }

    /** The records of the record file {@code sfi} (0x18, 0x1A, 0x1E), newest first; null for any other. */
    private List<byte[]> records(int sfi) {
        return switch (sfi) {
            case PurseLogEntry.SFI -> List.copyOf(log);
            case MetroState.SFI -> List.of(metro);
            case TripRecord.SFI -> List.copyOf(trips);
            default -> null;
        };
    }

    private ResponseApdu readRecord(ReadRecord c) {
        int sfi = resolve(c.sfi());
        List<byte[]> records = records(sfi);
        if (records == null) {
            return notRead(sfi);
        }
        currentEf = sfi;
        if (c.number() > records.size()) {
            return ResponseApdu.of(StatusWord.RECORD_NOT_FOUND);
        }
        if (!c.all()) {
            return ResponseApdu.ok(records.get(c.number() - 1));
        }
        ByteBuffer all = ByteBuffer.allocate(records.stream().skip(c.number() - 1).mapToInt(r -> r.length).sum());
        records.stream().skip(c.number() - 1).forEach(all::put);
        return ResponseApdu.ok(all.array());
    }

    // --- purse ------------------------------------------------------------------------------------------

    private ResponseApdu getBalance(CommandApdu c) throws MalformedApduException {
        GetBalance.Asked asked = GetBalance.read(c);
        if (blocked) {
            return ResponseApdu.of(StatusWord.APPLICATION_BLOCKED);
        }
        // Our purses give no overdraft (INITIALIZE answers a limit of 0): none is ever in use.
        return ResponseApdu.ok(GetBalance.encode(asked == GetBalance.Asked.NEGATIVE_PURSE ? 0 : balance));
    }

    private ResponseApdu initialize(InitializeFor c) {
        if (blocked) {
            return ResponseApdu.of(StatusWord.APPLICATION_BLOCKED);
        }
        reset();
        if (c.keyIndex() != InitializeFor.KEY_INDEX) {
            return ResponseApdu.of(StatusWord.KEY_NOT_FOUND);
        }
        byte[] rnd = new byte[4];
        random.nextBytes(rnd);
        if (c.kind() == InitializeFor.Kind.LOAD) {
            return initializeLoad(c.amount(), c.terminalNo(), rnd);
        }
        if (c.amount() > balance) {
            return ResponseApdu.of(StatusWord.INSUFFICIENT_BALANCE);
        }
        TransactionType type = c.kind() == InitializeFor.Kind.CAPP_PURCHASE ? TransactionType.COMPOUND_PURCHASE
                : TransactionType.PURCHASE;
        purchase = new PurchaseSession(type, c.amount(), c.terminalNo(), rnd, offlineAtc, c.keyIndex());
        return ResponseApdu.ok(new PurchaseInit(balance, offlineAtc, keys.keyVersion(), keys.algorithm(), rnd)
                .encode());
    }

    private ResponseApdu initializeLoad(long amount, String terminalNo, byte[] rnd) {
        if (balance + amount > 0xFFFFFFFFL) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        byte[] sessionKey = crypto.loadSessionKey(keys.dlk(), rnd, onlineAtc);
        Load l = new Load(amount, TransactionType.LOAD.code(), terminalNo, LocalDateTime.MIN);
        byte[] mac1 = crypto.loadMac1(sessionKey, balance, l);
        load = new LoadSession(amount, terminalNo, sessionKey, balance, onlineAtc);
        return ResponseApdu.ok(new LoadInit(balance, onlineAtc, keys.keyVersion(), keys.algorithm(), rnd, mac1)
                .encode());
    }

    /** Out of sequence unless a CAPP purchase is open: the session is checked before the command's bytes. */
    private ResponseApdu updateCappCache(CommandApdu c) throws MalformedApduException {
        if (purchase == null || purchase.type() != TransactionType.COMPOUND_PURCHASE) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        UpdateCappDataCache update = UpdateCappDataCache.read(c);
        cappCache.put(update.sfi(), update.record());
        return ResponseApdu.of(StatusWord.OK);
    }

    private ResponseApdu debit(DebitForPurchase c) {
        PurchaseSession s = purchase;
        if (s == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        Map<Integer, byte[]> capp = new HashMap<>(cappCache);
        reset();
        long ttc = c.ttc();
        LocalDateTime time = c.time();
        byte[] mac1 = c.mac1();
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
            proofs.put(atc, new Proof(s.type(), new DebitForPurchase.Proof(tac, mac2)));
            trimProofs();
            macFailures = 0;
        });
        eeprom.commit(changes);
        return ResponseApdu.ok(new DebitForPurchase.Proof(tac, mac2).encode());
    }

    private ResponseApdu prove(GetTransactionProve c) {
        Proof proof = proofs.get(c.atc());
        if (proof == null || proof.type() != c.type()) {
            return ResponseApdu.of(StatusWord.NO_PROOF_AVAILABLE);
        }
        return ResponseApdu.ok(GetTransactionProve.encode(proof.proof()));
    }

    private ResponseApdu credit(CreditForLoad c) {
        LoadSession s = load;
        if (s == null) {
            return ResponseApdu.of(StatusWord.COMMAND_OUT_OF_SEQUENCE);
        }
        reset();
        LocalDateTime time = c.time();
        Load l = new Load(s.amount(), TransactionType.LOAD.code(), s.terminal(), time);
        if (!MessageDigest.isEqual(crypto.loadMac2(s.sessionKey(), l), c.mac2())) {
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

    private ResponseApdu getChallenge(CommandApdu c) throws MalformedApduException {
        GetChallenge.read(c);
        challenge = new byte[GetChallenge.LENGTH];
        random.nextBytes(challenge);
        return ResponseApdu.ok(challenge);
    }

    private ResponseApdu applicationBlock(ApplicationBlock c) {
        byte[] issued = challenge;
        challenge = null;
        if (issued == null) {
            return ResponseApdu.of(StatusWord.NO_CHALLENGE);
        }
        if (!MessageDigest.isEqual(crypto.secureMessagingMac(keys.maintenance(), issued, ApplicationBlock.header()),
                c.mac())) {
            return ResponseApdu.of(StatusWord.SECURE_MESSAGING_MAC_INVALID);
        }
        eeprom.commit(List.of(() -> blocked = true));
        return ResponseApdu.of(StatusWord.OK);
    }

    // --- helpers ----------------------------------------------------------------------------------------

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
}
