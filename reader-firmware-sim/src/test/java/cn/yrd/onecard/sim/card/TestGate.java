package cn.yrd.onecard.sim.card;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static cn.yrd.onecard.sim.card.TestIssuer.send;

import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.crypto.Purchase;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * The purchase a gate runs, APDU by APDU, for tests of the cards themselves: INIT on the card, 8070 on the
 * PSAM, the CAPP records, DEBIT. (The real gate is card-terminal's; this module does not depend on it.)
 */
public final class TestGate {
    static final String SELECT_EP = "00A4040008A000000632010105";
    static final String DATE_TIME = "20261123081500";
    public static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 23, 8, 15, 0);

    private final SimulatedCard psam;
    private final String terminalNo;

    public TestGate(SimulatedCard psam, String terminalNo) {
        this.psam = psam;
        this.terminalNo = terminalNo;
    }

    /** What a DEBIT led to; without a tear, the response holds TAC ‖ MAC2. */
    public record Debit(ResponseApdu response, byte[] command, Purchase purchase) {
        public byte[] tac() {
            return Arrays.copyOf(response.data(), 4);
        }

        public byte[] mac2() {
            return Arrays.copyOfRange(response.data(), 4, 8);
        }
    }

    /** Everything up to DEBIT: returns the DEBIT command and the purchase it will make. */
    public Debit prepare(SimulatedCard card, long amount, boolean compound, byte[]... cappTrips) {
        send(card, SELECT_EP);
        PublicInfo info = PublicInfo.decode(send(card, "00B0950000").data());
        String amountHex = String.format("%08X", amount);
        ResponseApdu init = send(card, "8050" + (compound ? "03" : "01") + "020B01" + amountHex + terminalNo);
        if (!init.isOk()) {
            throw new IllegalStateException("INITIALIZE FOR PURCHASE answered " + init);
        }
        byte[] d = init.data();
        String type = compound ? "09" : "06";
        ResponseApdu sam = send(psam, "8070000024" + hexOf(Arrays.copyOfRange(d, 11, 15))
                + hexOf(Arrays.copyOfRange(d, 4, 6)) + amountHex + type + DATE_TIME + "01"
                + String.format("%02X", d[10]) + info.cardSerial().digits() + hexOf(Arrays.copyOf(info.encode(), 8)));
        if (!sam.isOk()) {
            throw new IllegalStateException("PSAM 8070 answered " + sam);
        }
        for (byte[] trip : cappTrips) {
            send(card, "80DC00F030" + hexOf(trip));
        }
        String ttc = hexOf(Arrays.copyOf(sam.data(), 4));
        byte[] debit = hex("805401000F" + ttc + DATE_TIME + hexOf(Arrays.copyOfRange(sam.data(), 4, 8)));
        return new Debit(null, debit, new Purchase(amount, compound ? 0x09 : 0x06, terminalNo,
                Long.parseLong(ttc, 16), TIME));
    }

    /** A whole purchase; the response is the card's answer to DEBIT. */
    public Debit purchase(SimulatedCard card, long amount, boolean compound, byte[]... cappTrips) {
        Debit prepared = prepare(card, amount, compound, cappTrips);
        return new Debit(send(card, prepared.command()), prepared.command(), prepared.purchase());
    }
}
