package cn.yrd.onecard.terminal.medical;

import java.io.IOException;

/**
 * A home city's word that a counter of any city may reload a blocked citizen card PIN: the host itself
 * ({@link PinUnblocking}) or a counter's client of it. An {@link IOException} means no answer came; the card is
 * untouched and its challenge unspent.
 */
public interface PinUnblocker {
    PinUnblocking.Answer unblock(PinUnblocking.Request request) throws IOException;
}
