package cn.yrd.onecard.terminal.pension;

import java.io.IOException;

/**
 * A home city's answers about one of its pensioners: the host itself, or a counter's client of it over the network.
 * An {@link IOException} means no answer came: nothing was recorded at the counter, and the same request sent again
 * is answered once.
 */
public interface PensionAuthoriser {
    PensionHost.Payout payout(PensionHost.Request request) throws IOException;

    PensionHost.Proof certify(PensionHost.Request request) throws IOException;
}
