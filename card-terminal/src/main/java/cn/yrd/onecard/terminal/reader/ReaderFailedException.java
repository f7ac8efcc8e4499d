package cn.yrd.onecard.terminal.reader;

/** The reader itself stopped working (unplugged, not answering): staff must look, passengers cannot help. */
public final class ReaderFailedException extends TerminalException {
    public ReaderFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
