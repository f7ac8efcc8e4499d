package cn.yrd.onecard.terminal.reader;

import cn.yrd.onecard.apdu.StatusWord;

/** A card or PSAM refused a command with a status word: the command and the word, e.g. {@code DEBIT: 9302 MAC wrong}. */
public final class StatusException extends TerminalException {
    private final String command;
    private final int sw;

    public StatusException(String command, int sw) {
        super(command + ": " + StatusWord.describe(sw), null);
        this.command = command;
        this.sw = sw;
    }

    public String command() {
        return command;
    }

    public int sw() {
        return sw;
    }

    public boolean is(StatusWord word) {
        return sw == word.code();
    }
}
