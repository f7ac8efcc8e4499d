package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.MalformedApduException;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.apdu.StatusWord;
import cn.yrd.onecard.iso.Select;
import cn.yrd.onecard.purse.CreditForLoad;
import cn.yrd.onecard.purse.DebitForPurchase;
import cn.yrd.onecard.purse.GetTransactionProve;
import cn.yrd.onecard.purse.InitializeFor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The card operating system around the applications: power, SELECT, class and instruction checks, the
 * Le conventions, and tearing. A case-2 command with a wrong Le gets {@code 6Cxx} (the exact length); a
 * case-4 command with a wrong Le gets {@code 61xx} and the data waits for GET RESPONSE; a command without
 * Le gets its data directly, as contactless cards answer. Not thread-safe: a card is in one reader.
 */
public final class CardOs implements SimulatedCard {
    private static final int INS_GET_RESPONSE = 0xC0;
    private static final int INS_MANAGE_CHANNEL = 0x70;
    /** The purse's commands with data whose answers carry data too (case 4), SELECT aside. */
    private static final Set<Integer> ANSWER_WITH_DATA = Set.of(InitializeFor.INS, DebitForPurchase.INS,
            CreditForLoad.INS, GetTransactionProve.INS);

    private final byte[] atr;
    private final String label;
    private final List<Application> applications;
    private final Eeprom eeprom;
    private Application selected;
    private byte[] pendingResponse;
    private boolean powered;
    private int commands;
    private int tearBeforeAnswer;
    private boolean t0;
    /** The most data bytes one answer carries; a longer waiting answer is fetched in pieces, each behind 61xx. */
    private int piece = 256;
    private boolean requiresLe;

    CardOs(byte[] atr, String label, Eeprom eeprom, List<Application> applications) {
        this.atr = atr.clone();
        this.label = label;
        this.eeprom = eeprom;
        this.applications = List.copyOf(applications);
    }

    /**
     * From now on this card answers as a T=0 card does (ISO 7816-3 12.2, docs/conformance.md): a case-4 command's
     * data always waits for GET RESPONSE behind {@code 61xx}, and a case-2 command whose Le is not the exact length
     * ({@code 00} included) gets {@code 6Cxx}. A terminal must read it as it reads any card.
     */
    public CardOs answeringAsT0() {
        t0 = true;
        return this;
    }

    /**
     * As {@link #answeringAsT0()}, and a card whose buffer holds {@code bytes} at most: a longer answer waits behind
     * {@code 61xx} and each GET RESPONSE gives the next {@code bytes} of it, with {@code 61xx} for the rest, the last
     * piece with the answer's own status word (ISO 7816-4 5.3.4: a chain of GET RESPONSEs).
     */
    public CardOs answeringInPiecesOf(int bytes) {
        if (bytes < 1 || bytes > 256) {
            throw new IllegalArgumentException("a piece is 1..256 bytes, not " + bytes);
        }
        t0 = true;
        piece = bytes;
        return this;
    }

    /**
     * From now on this card reads a command as ISO 7816-4 5.1 defines it, to the letter: without an Le field no data
     * is expected (Ne = 0), so a command whose answer carries data, sent without Le in the profile's case-3 form,
     * is of the wrong length ({@code 6700}) and is not executed; the same command with an Le is answered. SELECT,
     * which the profile takes with or without Le, is answered either way. A terminal must read it as it reads any
     * card (docs/conformance.md). A card of the field (T=1): over T=0 a case-4 command never carries its Le to the
     * card, which answers {@code 61xx} instead ({@link #answeringAsT0()}).
     */
    public CardOs requiringLe() {
        requiresLe = true;
        return this;
    }

    /**
     * From now on this card's purse answers SELECT with 0x15 alone in its FCI, as other issuers' cards do: no 0x17 or
     * 0x1A in its discretionary data ({@link cn.yrd.onecard.purse.PurseFci}), so a terminal must read them.
     */
    public CardOs withFciOfOtherIssuers() {
        applications.stream().filter(Purse.class::isInstance).forEach(p -> ((Purse) p).filesInFci = false);
        return this;
    }

    /**
     * From now on this card's public information (0x15, in its FCI and read alone) names the issuer city of
     * {@code bcd}, four digits, as a card of a city outside the delta does (a Beijing card: 1000, docs/conformance.md).
     */
    public CardOs issuedIn(String bcd) {
        if (!bcd.matches("[0-9]{4}")) {
            throw new IllegalArgumentException("a city code is four digits, got '" + bcd + "'");
        }
        byte[] code = java.util.HexFormat.of().parseHex(bcd);
        applications.stream().filter(Purse.class::isInstance).forEach(p -> ((Purse) p).issuerCity(code));
        return this;
    }

    /** Arms {@code plan}: this card will lose power at the planned point, once. */
    public void plan(Tearing plan) {
        eeprom.planTear(plan.afterWrite());
        commands = 0;
        tearBeforeAnswer = plan.beforeAnswer();
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public void powerOn() {
        resetVolatileState();
        powered = true;
    }

    @Override
    public void powerOff() {
        resetVolatileState();
        powered = false;
    }

    /** The card's application of {@code type}, for tests and the console; not reachable through APDUs. */
    <A extends Application> A application(Class<A> type) {
        for (Application app : applications) {
            if (type.isInstance(app)) {
                return type.cast(app);
            }
        }
        throw new IllegalArgumentException(label + " has no " + type.getSimpleName());
    }

    public boolean isPowered() {
        return powered;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public byte[] transmit(byte[] raw) {
        if (!powered) {
            throw new IllegalStateException(label + " is not powered");
        }
        ResponseApdu response;
        try {
            response = execute(raw);
        } catch (CardTornException torn) {
            powerOff();
            throw torn;
        }
        commands++;
        if (tearBeforeAnswer > 0 && commands == tearBeforeAnswer) {
            tearBeforeAnswer = 0;
            powerOff();
            throw new CardTornException("before answering command " + commands);
        }
        return response.toBytes();
    }

    private ResponseApdu execute(byte[] raw) {
        CommandApdu c;
        try {
            c = CommandApdu.parse(raw);
        } catch (MalformedApduException e) {
            return e.answer();
        }
        if (c.cla() != 0x00 && c.cla() != 0x80 && c.cla() != 0x84) {
            // A class byte naming a logical channel (its low two bits) is a class we know on a channel we do not
            // have; anything else is a class we do not know (ISO 7816-4 5.4.1, docs/conformance.md).
            int base = c.cla() & 0xFC;
            return ResponseApdu.of(base == 0x00 || base == 0x80 || base == 0x84
                    ? StatusWord.LOGICAL_CHANNEL_NOT_SUPPORTED : StatusWord.CLA_NOT_SUPPORTED);
        }
        if (c.cla() == 0x00 && c.ins() == INS_MANAGE_CHANNEL) {
            return ResponseApdu.of(StatusWord.LOGICAL_CHANNEL_NOT_SUPPORTED); // only the basic channel
        }
        if (c.ins() == INS_GET_RESPONSE) {
            return getResponse(c);
        }
        pendingResponse = null;
        if (requiresLe && c.lc() > 0 && !c.hasLe() && ANSWER_WITH_DATA.contains(c.ins())) {
            return ResponseApdu.of(StatusWord.WRONG_LENGTH);
        }
        ResponseApdu r;
        if (c.ins() == Select.INS) {
            r = select(c);
        } else if (selected == null) {
            r = ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        } else {
            r = selected.process(c);
        }
        return applyLe(c, r);
    }

    private ResponseApdu select(CommandApdu c) {
        Select select;
        try {
            select = Select.read(c);
        } catch (MalformedApduException e) {
            return e.answer();
        }
        ResponseApdu file = selected == null || select.next() ? null : selected.selectFile(select);
        if (file != null) {
            return file;
        }
        for (Application app : applications) {
            if (app.answersTo(select)) {
                if (select.next()) {
                    break; // each name is on the card once: there is no next occurrence
                }
                if (selected != null && selected != app) {
                    selected.reset();
                }
                selected = app;
                ResponseApdu fci = app.select();
                return select.withFci() ? fci : new ResponseApdu(new byte[0], fci.sw());
            }
        }
        return ResponseApdu.of(StatusWord.FILE_NOT_FOUND);
    }

    private ResponseApdu applyLe(CommandApdu c, ResponseApdu r) {
        byte[] data = r.data();
        // An answer that is not plain 9000 (a warning such as 6282 with the bytes there were) goes as it is.
        boolean t0Moves = t0 && data.length > 0 && r.sw() == 0x9000 && (c.lc() > 0 || data.length != c.ne());
        if (!t0Moves && (!c.hasLe() || c.ne() == 256 || data.length == 0 || data.length == c.ne()
                || r.sw() != 0x9000)) {
            return r;
        }
        if (c.lc() == 0) {
            return new ResponseApdu(new byte[0], StatusWord.wrongLe(data.length));
        }
        pendingResponse = r.toBytes();
        return new ResponseApdu(new byte[0], StatusWord.bytesAvailable(Math.min(data.length, piece)));
    }

    private ResponseApdu getResponse(CommandApdu c) {
        if (pendingResponse == null) {
            return ResponseApdu.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        ResponseApdu waiting = ResponseApdu.parse(pendingResponse);
        byte[] data = waiting.data();
        int give = Math.min(data.length, piece);
        if (c.ne() != 256 && c.ne() != give) {
            return new ResponseApdu(new byte[0], StatusWord.wrongLe(give));
        }
        if (give < data.length) {
            byte[] rest = Arrays.copyOfRange(data, give, data.length);
            pendingResponse = new ResponseApdu(rest, waiting.sw()).toBytes();
            return new ResponseApdu(Arrays.copyOf(data, give), StatusWord.bytesAvailable(Math.min(rest.length, piece)));
        }
        pendingResponse = null;
        return new ResponseApdu(Arrays.copyOf(data, data.length), waiting.sw());
    }

    private void resetVolatileState() {
        for (Application app : applications) {
            app.reset();
        }
        selected = null;
        pendingResponse = null;
    }

    @Override
    public String toString() {
        return label;
    }
}
