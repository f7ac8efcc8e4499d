package cn.yrd.onecard.terminal.reader;

import cn.yrd.onecard.apdu.StatusWord;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The one place a terminal transmits: maps {@code javax.smartcardio} failures to card-removed or reader-failed,
 * and counts APDUs (a tap's cost is its APDU count times the round trip).
 */
public final class Apdus {
    private final CardChannel channel;
    private final String what;
    private final AtomicInteger count;
    private final boolean fixedInReader;

    /** A card a person holds to the field ({@code what} names it): when it leaves, the person presents it again. */
    public Apdus(CardChannel channel, String what, AtomicInteger count) {
        this(channel, what, count, false);
    }

    private Apdus(CardChannel channel, String what, AtomicInteger count, boolean fixedInReader) {
        this.channel = channel;
        this.what = what;
        this.count = count;
        this.fixedInReader = fixedInReader;
    }

    /**
     * The PSAM in the reader's contact slot. It leaving is the reader failing, not a card removed: no passenger can
     * bring it back (told to tap again, one paid and was refused), staff must reseat it.
     */
    public static Apdus psam(CardChannel channel, AtomicInteger count) {
        return new Apdus(channel, "PSAM", count, true);
    }

    /**
     * Sends {@code command}; any status word is returned, for the caller to judge. The profile sends its case-4
     * commands (INITIALIZE, DEBIT, …) in case-3 form, without Le, and most cards answer their data all the same; a
     * card that reads ISO 7816-4 to the letter refuses them {@code 6700} without executing them, and is sent the
     * command again with Le {@code 00} (docs/conformance.md). That costs such a card one round trip a command.
     */
    public ResponseAPDU transmit(byte[] command) throws TerminalException {
        CommandAPDU apdu = new CommandAPDU(command);
        ResponseAPDU r = send(apdu);
        boolean shortCaseThree = apdu.getNc() > 0 && apdu.getNc() <= 255 && apdu.getNe() == 0;
        if (r.getSW() == StatusWord.WRONG_LENGTH.code() && shortCaseThree) {
            r = send(new CommandAPDU(apdu.getCLA(), apdu.getINS(), apdu.getP1(), apdu.getP2(), apdu.getData(), 256));
        }
        return r;
    }

    private ResponseAPDU send(CommandAPDU apdu) throws TerminalException {
        count.incrementAndGet();
        try {
            return channel.transmit(apdu);
        } catch (CardNotPresentException e) {
            throw left("left the field", e);
        } catch (CardException e) {
            if (isRemoval(e)) {
                throw left("left the field", e);
            }
            throw new ReaderFailedException("reader failed talking to " + what + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw left("was disconnected", e);
        } catch (IllegalArgumentException e) {
            // pcscd answers a command the card never finished with no bytes at all, which the JDK refuses to
            // make a ResponseAPDU of: measured with a card pulled mid-DEBIT behind the real daemon.
            throw left("left the field mid-command (the reader returned no status word)", e);
        }
    }

    private TerminalException left(String how, Exception e) {
        return fixedInReader ? new ReaderFailedException(what + " left its slot mid-command: staff must reseat it", e)
                : new CardRemovedException(what + " " + how, e);
    }

    /** Sends {@code command} and returns its data, or throws {@link StatusException} unless it answered 9000. */
    public byte[] expectOk(String name, byte[] command) throws TerminalException {
        ResponseAPDU r = transmit(command);
        if (r.getSW() != 0x9000) {
            throw StatusException.of(name, r.getSW());
        }
        return r.getData();
    }

    /** PC/SC reports a card that left as SCARD_W_REMOVED_CARD or SCARD_E_NO_SMARTCARD inside a CardException. */
    static boolean isRemoval(CardException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("SCARD_W_REMOVED_CARD") || m.contains("SCARD_E_NO_SMARTCARD")
                    || m.contains("SCARD_W_RESET_CARD")) {
                return true;
            }
        }
        return false;
    }
}
