package cn.yrd.onecard.cli;

/** Bad command-line input: printed as one line, exit code 2, never a stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
