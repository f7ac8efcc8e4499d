package cn.yrd.onecard.sim.card;

/**
 * The card lost power in the middle of a command: the terminal gets no answer. Whatever the command had
 * committed to the card's memory stays; anything it had not, is gone.
 */
public final class CardTornException extends RuntimeException {
    public CardTornException(String where) {
        super("card torn " + where);
    }
}
