package cn.yrd.onecard.clearing.load;

import java.time.LocalDateTime;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a night reads besides its job parameters and its database: the keystore of the cities' TAC master keys and
 * its password, the regional hotlist, the terminal registry, the acquirers' merchant registers, the regional PKI the day files' signatures are checked
 * through and the centre's key that signs the outgoing files, the senders the night may close without and the deadline after which it closes without every missing one. The clearing command sets them for each run, so that a
 * warm service ({@link cn.yrd.onecard.cli.CommandHost}) clears night after night on one context; without the command
 * (the job's tests) they are the properties {@code onecard.clearing.*} and {@code ONECARD_KEYSTORE_PASSWORD}.
 *
 * <p>Not job parameters: a rerun takes the options of that rerun (a {@code --close-without} added after a night
 * waited for a sender), and no password is ever written to the job repository.
 */
@Component
public class NightInputs {
    private volatile Inputs inputs;
    /** Counts the runs the command set inputs for: each reads its files afresh, even under the same names. */
    private volatile long run;

    NightInputs(@Value("${onecard.clearing.keystore:}") String keystore,
            @Value("${ONECARD_KEYSTORE_PASSWORD:}") String password,
            @Value("${onecard.clearing.hotlist:}") String hotlist,
            @Value("${onecard.clearing.terminals:}") String terminals,
            @Value("${onecard.clearing.merchants:}") String merchants,
            @Value("${onecard.clearing.pki:}") String pki,
            @Value("${onecard.clearing.sign-with:}") String signWith,
            @Value("${onecard.clearing.close-without:}") String closeWithout,
            @Value("${onecard.clearing.deadline:}") String deadline) {
        this.inputs = new Inputs(keystore, password, hotlist, terminals, merchants, pki, signWith, closeWithout,
                deadline);
    }

    /**
     * A night's inputs as the command's options give them; blank means none. The command checks each before the
     * night starts.
     */
    public record Inputs(String keystore, String password, String hotlist, String terminals, String merchants,
            String pki, String signWith, String closeWithout, String deadline) {
        @Override
        public String toString() {
            return "Inputs[keystore=" + keystore + ", password redacted, hotlist=" + hotlist + ", terminals="
                    + terminals + ", merchants=" + merchants + ", pki=" + pki + ", signWith=" + signWith + ", closeWithout=" + closeWithout + ", deadline=" + deadline + "]";
        }
    }

    /** The inputs of the run about to start. */
    public synchronized void set(Inputs next) {
        inputs = next;
        run++;
    }

    Inputs get() {
        return inputs;
    }

    long run() {
        return run;
    }

    /** The senders the night may close without, for intake. */
    public Set<String> closeWithout() {
        String senders = inputs.closeWithout();
        return senders.isBlank() ? Set.of() : Set.of(senders.split(","));
    }

    /** The time after which the night closes without every missing sender, or null. */
    public LocalDateTime deadline() {
        String time = inputs.deadline();
        return time.isBlank() ? null : LocalDateTime.parse(time);
    }
}
