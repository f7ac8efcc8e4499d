package cn.yrd.onecard.terminal.host;

import cn.yrd.onecard.card.CardSerial;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CardAlgorithm;
import cn.yrd.onecard.crypto.CardCrypto;
import cn.yrd.onecard.crypto.Load;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.card.TransactionType;
import cn.yrd.onecard.terminal.journal.ChecksummedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;

/**
 * An issuing city's load host: checks the card's MAC1 with the city's load master key, answers MAC2, and
 * keeps an idempotent record of every authorisation. The same request asked twice gets the same answer and
 * one record; a different request under an id already used is refused. The record is a checksummed log
 * synced before the answer leaves. It loads only for the kiosks of the centre's terminal registry, each up to its
 * daily limit: a card in any reader can produce a MAC1 for any terminal number, and a load from a terminal no one
 * registered is in no kiosk's day file, so no city would pay for it.
 */
public final class LoadHost implements LoadAuthoriser, AutoCloseable {
    /** The most a card may hold after a load: 1,000 yuan. */
    public static final long MAX_BALANCE = 100_000;
    /** What one kiosk may load in a day unless told otherwise: 200,000 yuan. */
    public static final long DAILY_LIMIT = 20_000_000;

    private record Entry(String fingerprint, LoadAuthorisation answer) {
    }

    private final Function<City, byte[]> loadMasterKeys;
    private final TerminalRegistry kiosks;
    private final long dailyLimit;
    private final ChecksummedLog log;
    private final Map<String, Entry> byRequest = new HashMap<>();
    /** Fen approved per kiosk and day ({@code terminal|date}), the log's approvals added up. */
    private final Map<String, Long> loaded = new HashMap<>();

    public LoadHost(Function<City, byte[]> loadMasterKeys, TerminalRegistry kiosks, long dailyLimit, Path dataDir)
            throws IOException {
        this.loadMasterKeys = loadMasterKeys;
        this.kiosks = kiosks;
        this.dailyLimit = dailyLimit;
        this.log = ChecksummedLog.open(dataDir.resolve(ApprovedLoad.LOG));
        for (String line : log.lines()) {
            String[] f = line.split("\\|", -1);
            // requestId | approved | mac2 | reason | fingerprint (ApprovedLoad.of reads the approvals)
            String fingerprint = String.join("|", java.util.Arrays.copyOfRange(f, 4, f.length));
            LoadAuthorisation answer = new LoadAuthorisation(f[0], f[1].equals("Y"), f[2].isEmpty() ? null : f[2],
                    f[3].isEmpty() ? null : f[3]);
            byRequest.put(f[0], new Entry(fingerprint, answer));
            ApprovedLoad.of(line).ifPresent(a -> loaded.merge(a.terminalNo() + "|" + a.time().toLocalDate(),
                    a.amount(), Math::addExact));
        }
    }

    @Override
    public synchronized LoadAuthorisation authorise(LoadRequest r) throws IOException {
        Entry seen = byRequest.get(r.requestId());
        if (seen != null) {
            if (!seen.fingerprint().equals(r.fingerprint())) {
                return LoadAuthorisation.refuse(r.requestId(), "request id " + r.requestId()
                        + " was already used for a different load");
            }
            return seen.answer();
        }
        LoadAuthorisation answer = decide(r);
        if (answer.approved()) {
            loaded.merge(today(r), r.amount(), Math::addExact);
        }
        log.append(String.join("|", r.requestId(), answer.approved() ? "Y" : "N",
                answer.mac2() == null ? "" : answer.mac2(),
                answer.reason() == null ? "" : answer.reason().replace('|', '/'), r.fingerprint()));
        byRequest.put(r.requestId(), new Entry(r.fingerprint(), answer));
        return answer;
    }

    private static String today(LoadRequest r) {
        return r.terminalNo() + "|" + r.time().toLocalDate();
    }

    private LoadAuthorisation decide(LoadRequest r) {
        if (r.amount() <= 0 || r.amount() > MAX_BALANCE) {
            return LoadAuthorisation.refuse(r.requestId(), "amount must be 0.01 to " + MAX_BALANCE / 100 + " yuan");
        }
        if (kiosks.find(r.terminalNo()).isEmpty()) {
            return LoadAuthorisation.refuse(r.requestId(), "terminal " + r.terminalNo() + " is not a registered kiosk");
        }
        long before = loaded.getOrDefault(today(r), 0L);
        if (before + r.amount() > dailyLimit) {
            return LoadAuthorisation.refuse(r.requestId(), "kiosk " + r.terminalNo() + " has loaded "
                    + Fen.asYuan(before) + " yuan on " + r.time().toLocalDate() + ", its daily limit is "
                    + Fen.asYuan(dailyLimit));
        }
        if (r.oldBalance() + r.amount() > MAX_BALANCE) {
            return LoadAuthorisation.refuse(r.requestId(), "the card would hold more than "
                    + MAX_BALANCE / 100 + " yuan");
        }
        byte[] master = loadMasterKeys.apply(r.issuer());
        if (master == null) {
            return LoadAuthorisation.refuse(r.requestId(), "this host does not issue cards of " + r.issuer());
        }
        CardCrypto crypto = new CardCrypto(r.algorithm());
        byte[] sessionKey;
        byte[] mac1;
        try {
            sessionKey = crypto.loadSessionKey(crypto.diversify(master, r.card()), Hex.decodeHex(r.random()),
                    r.onlineAtc());
            mac1 = Hex.decodeHex(r.mac1());
        } catch (DecoderException | IllegalArgumentException e) {
            return LoadAuthorisation.refuse(r.requestId(), "malformed request: " + e.getMessage());
        }
        Load load = new Load(r.amount(), TransactionType.LOAD.code(), r.terminalNo(), r.time());
        if (!MessageDigest.isEqual(crypto.loadMac1(sessionKey, r.oldBalance(), load), mac1)) {
            return LoadAuthorisation.refuse(r.requestId(), "the card's MAC1 is wrong");
        }
        return LoadAuthorisation.approve(r.requestId(), Hex.encodeHexString(crypto.loadMac2(sessionKey, load), false));
    }

    /** Authorisations recorded so far. */
    public synchronized int authorisations() {
        return byRequest.size();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    static LoadRequest request(String id, String card, String issuer, String alg, int atc, String random, long old,
            long amount, String terminal, String time, String mac1) {
        return new LoadRequest(id, CardSerial.of(card), Cities.byCode(issuer), CardAlgorithm.valueOf(alg), atc, random,
                old, amount, terminal, LocalDateTime.parse(time), mac1);
    }
}
