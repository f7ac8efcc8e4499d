package cn.yrd.onecard.sim.pcsc;

import java.security.Provider;
import java.security.Security;

/**
 * The JCA provider of {@code TerminalFactory} type {@code "OneCardSim"}, so terminal software reaches the
 * simulated readers through the standard {@code javax.smartcardio} API, unchanged.
 */
public final class OneCardSimProvider extends Provider {
    public static final String NAME = "OneCardSim";
    public static final String TYPE = "OneCardSim";

    public OneCardSimProvider() {
        super(NAME, "1.0", "Yangtze River Delta one-card simulated readers");
        put("TerminalFactory." + TYPE, SimTerminalFactorySpi.class.getName());
    }

    /** Adds the provider to the JVM's list once. */
    public static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new OneCardSimProvider());
        }
    }
}
