package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.ResponseApdu;

/** One application of a card (or the PSAM's ADF): selected by name or file ID, then given commands. */
interface Application {

    /** True when SELECT with {@code p1} (04 by name, 00 by file ID) and {@code id} chooses this application. */
    boolean answersTo(int p1, byte[] id);

    /** The response to SELECT: the FCI and its status word. */
    ResponseApdu select();

    /** A command for this application while it is selected. */
    ResponseApdu process(CommandApdu command);

    /** Forget volatile state: sessions, challenges, verified PINs (on deselect and power loss). */
    void reset();
}
