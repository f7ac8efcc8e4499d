package cn.yrd.onecard.card;

/** Bytes that do not fit a card file's layout; the message names the file and what is wrong. */
public final class CardFileException extends IllegalArgumentException {
    public CardFileException(String file, String problem) {
        super(file + ": " + problem);
    }
}
