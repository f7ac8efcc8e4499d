package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import javax.smartcardio.CardTerminal;

/** A validator's contactless field, where passengers hold their cards. */
interface CardField {

    /** The terminal the validator reads cards through. */
    CardTerminal terminal();

    /** A passenger holds {@code card} to the field. */
    void hold(CardOs card) throws Exception;

    /** Gives each validator a field: its own simulated reader's, or the one real PC/SC reader they share. */
    interface Supply extends AutoCloseable {
        CardField of(SimReaders readers, SimReader reader);

        /** What the day's taps went through, for the day's first lines. */
        String describe();

        @Override
        default void close() {
        }
    }

    /** Each validator's own in-JVM reader (the default): no daemon, no network, the same code path above. */
    static Supply inJvm() {
        return new Supply() {
            @Override
            public CardField of(SimReaders readers, SimReader reader) {
                CardTerminal terminal = readers.terminalFactory().terminals().getTerminal(reader.field().terminalName());
                return new CardField() {
                    @Override
                    public CardTerminal terminal() {
                        return terminal;
                    }

                    @Override
                    public void hold(CardOs card) {
                        reader.field().present(card);
                    }
                };
            }

            @Override
            public String describe() {
                return "the in-JVM simulated readers";
            }
        };
    }
}
