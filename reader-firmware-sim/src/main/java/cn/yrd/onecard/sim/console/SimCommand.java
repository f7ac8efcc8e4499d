package cn.yrd.onecard.sim.console;

import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.sim.keys.TestKeystoreCommand;
import cn.yrd.onecard.sim.personal.Personalisation;
import cn.yrd.onecard.sim.vpcd.PcscDaemon;
import cn.yrd.onecard.sim.vpcd.VpcdSlot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./onecard sim}: simulated cards on the real PC/SC readers, so a person can tap cards by hand while
 * a terminal runs. Cards go into the field of {@code Virtual PCD 00 0<reader>}; the first PSAM of the file
 * sits in {@code Virtual PCD 00 0<sam-reader>}. Commands come from the console or, for scripts, from
 * {@code --script FILE} or standard input.
 */
public final class SimCommand {
    static final String HELP = """
            commands:
              cards             the issued cards, with their balances
              tap N             put card N into the field (taking away any card there)
              remove            take the card out of the field
              tear N write K    card N loses power after its K-th memory write (once)
              tear N answer K   card N loses power before answering its K-th command (once)
              status            the readers and what they hold
              wait SECONDS      pause (for scripts)
              help | quit""";

    private final List<CardOs> cards = new ArrayList<>();
    private final VpcdSlot field;
    private final VpcdSlot sam;
    private final PrintStream out;

    SimCommand(List<CardOs> cards, VpcdSlot field, VpcdSlot sam, PrintStream out) {
        this.cards.addAll(cards);
        this.field = field;
        this.sam = sam;
        this.out = out;
    }

    public static void main(String[] args) {
        Cli.exit(() -> run(args));
    }

    static int run(String[] args) throws Exception {
        return Cli.execute(new Start(), args);
    }

    /** Issues the cards of a wallet, puts them by the readers, and serves the console or a script. */
    @Command(name = "sim", description = "Simulated cards on the PC/SC readers (Virtual PCD 00 00/01), tapped from a "
            + "console or a script.")
    static final class Start implements Callable<Integer> {
        @Mixin
        HelpOption help;
        @Option(names = "--cards", paramLabel = "FILE",
                description = "the cards and PSAMs, as in docs/personalisation.md")
        Path cardsFile;
        @Option(names = "--keystore", paramLabel = "FILE", description = "the cities' test master keys")
        Path keystoreFile;
        @Option(paramLabel = "N", names = "--reader", defaultValue = "0",
                description = "the field: Virtual PCD 00 0N (default: 0)")
        int reader;
        @Option(paramLabel = "N", names = "--sam-reader", defaultValue = "1",
                description = "the PSAM's reader (default: 1)")
        int samReader;
        @Option(names = "--script", paramLabel = "FILE", description = "console commands, one a line")
        Path script;

        @Override
        public Integer call() throws Exception {
            if (cardsFile == null) {
                throw new UsageException("sim: --cards FILE is required (see docs/personalisation.md)");
            }
            Cli.range("sim", "reader", reader, 0, 1);
            Cli.range("sim", "sam-reader", samReader, 0, 1);
            if (reader == samReader) {
                throw new UsageException("sim: --reader and --sam-reader must differ");
            }
            CityKeyStore keys = null;
            if (keystoreFile != null) {
                String pw = System.getenv(TestKeystoreCommand.PASSWORD_ENV);
                keys = CityKeyStore.load(keystoreFile,
                        (pw == null || pw.isEmpty() ? TestKeystoreCommand.TEST_PASSWORD : pw).toCharArray());
            }
            Personalisation p = Personalisation.read(cardsFile, keys);
            if (!PcscDaemon.running()) {
                throw new IllegalStateException(PcscDaemon.MISSING);
            }
            SecureRandom random = new SecureRandom();
            List<CardOs> issued = new ArrayList<>();
            p.cards().forEach(spec -> issued.add(SimCards.issue(spec, random)));
            try (VpcdSlot field = VpcdSlot.reader(reader); VpcdSlot sam = VpcdSlot.reader(samReader)) {
                SimCommand sim = new SimCommand(issued, field, sam, System.out);
                if (!p.psams().isEmpty()) {
                    CardOs psam = SimCards.psam(p.psams().get(0));
                    sam.present(psam);
                    System.out.println(psam.label() + " in Virtual PCD 00 0" + samReader);
                }
                System.out.println(issued.size() + " cards issued; field: Virtual PCD 00 0" + reader
                        + " (type 'help' for commands)");
                boolean interactive = script == null && System.console() != null;
                Reader in = script != null ? Files.newBufferedReader(script, StandardCharsets.UTF_8)
                        : new InputStreamReader(System.in, StandardCharsets.UTF_8);
                return sim.serve(new BufferedReader(in), interactive);
            }
        }
    }

    int serve(BufferedReader in, boolean interactive) throws IOException {
        while (true) {
            if (interactive) {
                out.print("sim> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                return Cli.OK;
            }
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("quit") || line.equals("exit")) {
                return Cli.OK;
            }
            try {
                out.println(execute(line.split("\\s+")));
            } catch (IllegalArgumentException e) {
                out.println("sim: " + e.getMessage());
                if (!interactive) {
                    return Cli.USAGE;
                }
            }
        }
    }

    /** One console command; the line it prints. */
    String execute(String[] w) {
        switch (w[0]) {
            case "help":
                return HELP;
            case "cards": {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < cards.size(); i++) {
                    CardOs c = cards.get(i);
                    b.append(String.format("%3d  %-48s %10s yuan%s%n", i + 1, c.label(), Fen.asYuan(SimCards.balance(c)),
                            field.card() == c ? "  (in the field)" : ""));
                }
                return b.toString().stripTrailing();
            }
            case "tap":
            case "swap": {
                CardOs c = card(w, 1);
                field.present(c);
                return "tapped " + c.label();
            }
            case "remove":
                field.remove();
                return "field empty";
            case "tear": {
                CardOs c = card(w, 1);
                int k = number(w, 3, "K");
                String kind = word(w, 2, "write or answer");
                Tearing t = switch (kind) {
                    case "write" -> Tearing.afterWrite(k);
                    case "answer" -> Tearing.beforeAnswer(k);
                    default -> throw new IllegalArgumentException("tear takes 'write' or 'answer', got '" + kind + "'");
                };
                c.plan(t);
                return c.label() + " will lose power " + (kind.equals("write") ? "after memory write " + k
                        : "before answering command " + k);
            }
            case "status":
                return "field: " + (field.card() == null ? "empty" : field.card().label())
                        + (field.isConnected() ? " (connected to pcscd)" : "") + ", " + field.apdus() + " APDUs; SAM: "
                        + (sam.card() == null ? "empty" : sam.card().label()) + ", " + sam.apdus() + " APDUs";
            case "wait": {
                int seconds = number(w, 1, "SECONDS");
                try {
                    Thread.sleep(seconds * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "waited " + seconds + " s";
            }
            default:
                throw new IllegalArgumentException("unknown command '" + w[0] + "' (help lists them)");
        }
    }

    private CardOs card(String[] w, int at) {
        int n = number(w, at, "N");
        if (n < 1 || n > cards.size()) {
            throw new IllegalArgumentException("there is no card " + n + " (cards 1.." + cards.size() + ")");
        }
        return cards.get(n - 1);
    }

    private static String word(String[] w, int at, String what) {
        if (w.length <= at) {
            throw new IllegalArgumentException(w[0] + " needs " + what);
        }
        return w[at];
    }

    private static int number(String[] w, int at, String what) {
        String v = word(w, at, what);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(w[0] + ": " + what + " must be a number, got '" + v + "'");
        }
    }
}
