package cn.yrd.onecard.pki;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a certificate's holder is in the region: its subject's OU says it. */
public enum Role {
    /** A certificate authority: the bridge or a city's (never issued with {@code pki issue}). */
    AUTHORITY(false),
    /** A registered gate or validator. */
    TERMINAL(false),
    /** A registered kiosk: it talks to its issuer's load host over mutual TLS. */
    KIOSK(false),
    /** A sender of day files: a transit operator, a hospital, a pension agent. */
    SENDER(false),
    /** One of the centre's services (clearing, settlement): it serves HTTPS. */
    SERVICE(true),
    /** An issuing city's load host: it serves kiosks over mutual TLS. */
    LOAD_HOST(true),
    /** A home city's medical-insurance host: it serves the hospitals' counters of every city over mutual TLS. */
    MEDICAL_HOST(true),
    /** A home city's pension host: it serves the pension agents' counters of every city over mutual TLS. */
    PENSION_HOST(true);

    private final boolean serverSide;

    Role(boolean serverSide) {
        this.serverSide = serverSide;
    }

    /** Whether the holder serves TLS (then its certificate is for serverAuth too). */
    boolean serverSide() {
        return serverSide;
    }

    /** The name on the command line and in the subject's OU: {@code load-host}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The role named {@code label}, among those {@code pki issue} gives. */
    public static Optional<Role> issued(String label) {
        return Arrays.stream(values()).filter(r -> r != AUTHORITY && r.label().equals(label)).findFirst();
    }
}
