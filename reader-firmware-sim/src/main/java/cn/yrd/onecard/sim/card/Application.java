package cn.yrd.onecard.sim.card;

import cn.yrd.onecard.apdu.CommandApdu;
import cn.yrd.onecard.apdu.ResponseApdu;
import cn.yrd.onecard.iso.Select;

/** One application of a card (or the PSAM's ADF): selected by name or file ID, then given commands. */
interface Application {

    /** True when {@code select} (by name or by file ID) chooses this application. */
    boolean answersTo(Select select);

    /** The response to SELECT: the FCI and its status word. */
    ResponseApdu select();

    /**
     * SELECT of one of this application's EFs by file identifier, while it is selected: the answer, or null when it
     * holds no such file (then the card looks further). Our applications but the purse hold none.
     */
    default ResponseApdu selectFile(Select select) {
        return null;
    }

    /** A command for this application while it is selected. */
    ResponseApdu process(CommandApdu command);

    /** Forget volatile state: sessions, challenges, verified PINs (on deselect and power loss). */
    void reset();
}
