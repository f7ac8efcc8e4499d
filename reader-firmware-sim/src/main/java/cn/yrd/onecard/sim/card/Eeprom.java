package cn.yrd.onecard.sim.card;

import java.util.List;

/**
 * The card's non-volatile memory, with the anti-tearing every purse card has: a command's changes are first
 * written to a journal, then a commit mark, then applied. Power lost before the commit mark loses the whole
 * change; lost after it, the card completes the change when it next powers up. Either way a change is
 * all or nothing. Each journal entry, the mark and each applied change count as one internal write, so a
 * test can pull the card after any of them.
 */
final class Eeprom {
    private int writes;
    private int tearAfterWrite;

    /** One change to persistent state, applied only as part of a committed transaction. */
    @FunctionalInterface
    interface Change {
        void apply();
    }

    void planTear(int afterWrite) {
        writes = 0;
        tearAfterWrite = afterWrite;
    }

    /** Applies {@code changes} atomically, or tears in the middle and leaves them all or none applied. */
    void commit(List<Change> changes) {
        for (int i = 0; i < changes.size(); i++) {
            throwIfTorn(write(), "while journaling");
        }
        throwIfTorn(write(), "before the commit mark took effect");
        // The journal is complete: a tear from here on still ends with every change applied, as the card
        // replays its journal at the next power-up.
        boolean torn = false;
        int tornAt = 0;
        for (Change c : changes) {
            c.apply();
            int w = write();
            if (!torn && w < 0) {
                torn = true;
                tornAt = -w;
            }
        }
        if (torn) {
            throw new CardTornException("after internal write " + tornAt + " (after the commit mark)");
        }
    }

    /** Counts one internal write; negative when power is lost right after it. */
    private int write() {
        writes++;
        if (tearAfterWrite > 0 && writes == tearAfterWrite) {
            tearAfterWrite = 0;
            return -writes;
        }
        return writes;
    }

    private static void throwIfTorn(int write, String where) {
        if (write < 0) {
            throw new CardTornException("after internal write " + -write + " (" + where + ")");
        }
    }
}
