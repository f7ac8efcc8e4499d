package cn.yrd.onecard.sim.pcsc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated readers of one process, plugged in and out while it runs. Passed as the parameter of
 * {@code TerminalFactory.getInstance("OneCardSim", readers)}: the factory's terminals are these readers' slots.
 */
public final class SimReaders {
    final Object lock = new Object();
    private final Map<String, SimReader> readers = new LinkedHashMap<>();

    /** Plugs in a new reader. */
    public SimReader plug(String name) {
        synchronized (lock) {
            if (readers.containsKey(name)) {
                throw new IllegalArgumentException("a reader named '" + name + "' is already plugged in");
            }
            SimReader r = new SimReader(this, name);
            readers.put(name, r);
            lock.notifyAll();
            return r;
        }
    }

    /** Pulls the reader's cable: its terminals disappear and connections to its cards fail. */
    public void unplug(String name) {
        synchronized (lock) {
            SimReader r = readers.remove(name);
            if (r != null) {
                r.field().remove();
                r.sam().remove();
                r.unplug();
                lock.notifyAll();
            }
        }
    }

    public List<SimReader> readers() {
        synchronized (lock) {
            return new ArrayList<>(readers.values());
        }
    }

    /** Installs the {@code OneCardSim} provider and returns a factory of these readers' terminals. */
    public javax.smartcardio.TerminalFactory terminalFactory() {
        OneCardSimProvider.install();
        try {
            return javax.smartcardio.TerminalFactory.getInstance(OneCardSimProvider.TYPE, this);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the OneCardSim provider is installed but not found", e);
        }
    }

    List<SimSlot> slots() {
        synchronized (lock) {
            List<SimSlot> slots = new ArrayList<>();
            for (SimReader r : readers.values()) {
                slots.add(r.field());
                slots.add(r.sam());
            }
            return slots;
        }
    }
}
