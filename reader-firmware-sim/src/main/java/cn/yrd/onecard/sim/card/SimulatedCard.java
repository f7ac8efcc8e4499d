package cn.yrd.onecard.sim.card;

/**
 * A card (or PSAM) as a reader sees it: an ATR, power, and APDUs in and out as bytes. The readers of this
 * module, in-JVM and behind the PC/SC daemon, both drive cards through this interface.
 */
public interface SimulatedCard {

    /** The answer to reset. */
    byte[] atr();

    /** Power up (or reset): volatile state such as the selected application and open sessions is cleared. */
    void powerOn();

    void powerOff();

    /**
     * Executes one command APDU and returns the response APDU (data and status word). Malformed commands get
     * a status word, never an exception.
     *
     * @throws CardTornException when the card lost power during the command: there is no answer
     */
    byte[] transmit(byte[] command);

    /** A short, privacy-safe description, e.g. {@code Suzhou (3205) transit card ************5678}. */
    String label();
}
