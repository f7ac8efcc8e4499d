package cn.yrd.onecard.sim.pcsc;

/**
 * A simulated dual-interface reader, as gates and kiosks have: a contactless field for passengers' cards
 * (terminal {@code "<name> PICC"}) and a contact slot for the PSAM (terminal {@code "<name> SAM"}).
 */
public final class SimReader {
    private final String name;
    private final SimSlot field;
    private final SimSlot sam;
    private volatile boolean plugged = true;
    private volatile long silentMillis;

    SimReader(SimReaders bench, String name) {
        this.name = name;
        this.field = new SimSlot(bench, name + " PICC");
        this.sam = new SimSlot(bench, name + " SAM");
    }

    public String name() {
        return name;
    }

    /** The contactless field. */
    public SimSlot field() {
        return field;
    }

    /** The contact SAM slot. */
    public SimSlot sam() {
        return sam;
    }

    /**
     * From now on the reader answers no command: after {@code timeoutMillis} each transmit fails as a PC/SC
     * driver's does when its reader stops talking (SCARD_E_TIMEOUT), until {@link #answerAgain()}.
     */
    public void stopAnswering(long timeoutMillis) {
        silentMillis = timeoutMillis;
    }

    public void answerAgain() {
        silentMillis = 0;
    }

    long silentMillis() {
        return silentMillis;
    }

    public boolean isPlugged() {
        return plugged;
    }

    void unplug() {
        plugged = false;
    }
}
