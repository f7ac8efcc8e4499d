package cn.yrd.onecard.sim.pcsc;

import java.security.InvalidAlgorithmParameterException;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactorySpi;

/** Instantiated by the JCA for {@code TerminalFactory.getInstance("OneCardSim", readers)}. */
public final class SimTerminalFactorySpi extends TerminalFactorySpi {
    private final SimReaders readers;

    public SimTerminalFactorySpi(Object parameter) throws InvalidAlgorithmParameterException {
        if (!(parameter instanceof SimReaders r)) {
            throw new InvalidAlgorithmParameterException(
                    "OneCardSim needs the SimReaders whose terminals it lists, got " + parameter);
        }
        this.readers = r;
    }

    @Override
    protected CardTerminals engineTerminals() {
        return new SimTerminals(readers);
    }
}
