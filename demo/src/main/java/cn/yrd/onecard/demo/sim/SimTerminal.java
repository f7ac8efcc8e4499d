package cn.yrd.onecard.demo.sim;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.registry.MerchantRegister;
import cn.yrd.onecard.registry.MerchantRegister.Category;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.PsamSpec;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.keys.TestKeystoreCommand;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.sim.personal.Personalisation;
import cn.yrd.onecard.sim.personal.WalletCommand;
import cn.yrd.onecard.terminal.cli.TerminalCommand;
import cn.yrd.onecard.demo.day.HomeHosts;
import cn.yrd.onecard.terminal.medical.MedicalHostServer;
import cn.yrd.onecard.terminal.pension.PensionHostServer;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.terminal.host.LoadHost;
import cn.yrd.onecard.terminal.host.LoadHostServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code ./onecard terminal <command> --sim}: the unchanged terminal command on the in-JVM simulator. A
 * simulated reader "Sim" holds a PSAM; cards come from {@code --cards FILE} (with {@code --keystore FILE}) or
 * are a fresh wallet of one card per city. Console lines {@code cards}, {@code tap N}, {@code remove} move
 * cards; every other line goes to the terminal's own console (kiosk, counter, a till's amounts). A kiosk without
 * {@code --host} gets a load host in the same process; a till without {@code --merchants} is a shop of Suzhou's.
 */
public final class SimTerminal {
    private static final String READER = "Sim";

    private SimTerminal() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> run(args, System.in, System.out));
    }

    public static int run(String[] args, InputStream console, PrintStream out) throws Exception {
        if (args.length == 0) {
            throw new UsageException("terminal --sim needs a command: validator, gate, pos, kiosk, counter, readers");
        }
        List<String> pass = new ArrayList<>(Arrays.asList(args));
        String cardsFile = take(pass, "--cards");
        String keystoreFile = take(pass, "--keystore");
        Path work = Files.createTempDirectory("onecard-sim");
        CityKeyStore keys = keys(keystoreFile, work);
        Personalisation p = Personalisation.read(wallet(cardsFile, work), keys);

        SimReaders readers = new SimReaders();
        SimReader reader = readers.plug(READER);
        PsamSpec psam = p.psams().isEmpty() ? new PsamSpec("0000AB12CD34", 0, keys.keys(KeyPurpose.PURCHASE),
                keys.keys(KeyPurpose.MAINTENANCE)) : p.psams().get(0);
        reader.sam().present(SimCards.psam(psam));
        SecureRandom random = new SecureRandom();
        List<CardOs> issued = new ArrayList<>();
        p.cards().forEach(spec -> issued.add(SimCards.issue(spec, random)));

        if (!pass.contains("--reader")) {
            pass.addAll(List.of("--reader", READER + " PICC"));
        }
        boolean needsSam = List.of("validator", "gate", "pos").contains(pass.get(0));
        if (pass.get(0).equals("pos") && !pass.contains("--merchants")) {
            // A till needs its merchant: without a register, a shop of Suzhou's.
            Merchant shop = new Merchant("320500000000001", "Sim Shop", Category.RETAIL, Cities.byCode("3205"), 60,
                    "622202320500000001");
            Path register = Files.writeString(work.resolve("merchants-3205.txt"),
                    MerchantRegister.text(shop.city(), List.of(shop)));
            pass.addAll(List.of("--merchants", register.toString()));
            if (!pass.contains("--merchant")) {
                pass.addAll(List.of("--merchant", shop.id()));
            }
        }
        if (needsSam && !pass.contains("--sam-reader")) {
            pass.addAll(List.of("--sam-reader", READER + " SAM"));
        }
        List<cn.yrd.onecard.card.SocialSecurityCard> citizens = p.cards().stream().map(CardSpec::citizen)
                .filter(java.util.Objects::nonNull).map(CardSpec.Citizen::card).toList();
        try (OwnHost host = pass.get(0).equals("kiosk") && !pass.contains("--host") ? OwnHost.start(keys, work, pass)
                : null; OwnHomes homes = OwnHomes.start(keys, work, pass, citizens)) {
            out.println("simulated reader '" + READER + "' with PSAM " + psam.terminalNo() + "; " + issued.size()
                    + " cards: 'cards' lists them, 'tap N' puts one on the reader, 'remove' takes it away");
            return serve(pass, console, out, readers, reader, issued);
        }
    }

    /** The cities' keys: from {@code --keystore}, or fresh ones in the work folder. */
    private static CityKeyStore keys(String keystoreFile, Path work) throws Exception {
        String pw = System.getenv("ONECARD_KEYSTORE_PASSWORD");
        char[] password = (pw == null || pw.isEmpty() ? TestKeystoreCommand.TEST_PASSWORD : pw).toCharArray();
        return keystoreFile != null ? CityKeyStore.load(Path.of(keystoreFile), password)
                : CityKeyStore.generate(work.resolve("keys.p12"), password, EnumSet.allOf(KeyPurpose.class),
                        new SecureRandom());
    }

    /** The cards: from {@code --cards}, or a fresh wallet of one card per city. */
    private static Path wallet(String cardsFile, Path work) throws Exception {
        if (cardsFile != null) {
            return Path.of(cardsFile);
        }
        Path cards = work.resolve("wallet.json");
        WalletCommand.run(new String[] {"--count", "16", "--seed", "1", "--out", cards.toString()});
        return cards;
    }

    /** A kiosk's load host in this process, for each city's default kiosk number (as `terminal kiosk` gives it). */
    private record OwnHost(LoadHost host, LoadHostServer server) implements AutoCloseable {
        static OwnHost start(CityKeyStore keys, Path work, List<String> pass) throws Exception {
            LoadHost host = new LoadHost(keys.keys(KeyPurpose.LOAD), TerminalRegistry.of(Cities.all().stream()
                    .map(c -> new TerminalRegistry.Terminal("0000000000" + c.code().substring(2), c,
                            "000000000000" + c.code())).toList()), LoadHost.DAILY_LIMIT, work.resolve("load-host"));
            LoadHostServer server = new LoadHostServer(host, "127.0.0.1", 0);
            pass.addAll(List.of("--host", "http://127.0.0.1:" + server.port()));
            return new OwnHost(host, server);
        }

        @Override
        public void close() throws Exception {
            server.close();
            host.close();
        }
    }

    /**
     * The home cities' medical and pension hosts in this process (the demo's {@code HomeHosts}: every citizen of the
     * wallet insured and a pensioner), for a counter or kiosk given none: {@code --medical-host} (a counter's) and
     * {@code --pension-host} of every city.
     */
    private record OwnHomes(HomeHosts hosts, List<AutoCloseable> servers) implements AutoCloseable {
        static OwnHomes start(CityKeyStore keys, Path work, List<String> pass,
                List<cn.yrd.onecard.card.SocialSecurityCard> citizens) throws Exception {
            boolean counter = pass.get(0).equals("counter");
            if (!counter && !pass.get(0).equals("kiosk") || pass.contains("--medical-host")
                    || pass.contains("--pension-host")) {
                return null;
            }
            HomeHosts hosts = new HomeHosts(work.resolve("hosts"), keys, java.time.Clock.systemDefaultZone(),
                    citizens, java.time.LocalDate.now());
            List<AutoCloseable> servers = new ArrayList<>();
            for (City city : Cities.all()) {
                if (counter) {
                    MedicalHostServer m = new MedicalHostServer(hosts.medical().get(city), hosts.pins().get(city),
                            "127.0.0.1", 0, null);
                    servers.add(m);
                    pass.addAll(List.of("--medical-host", city.code() + "=http://127.0.0.1:" + m.port()));
                }
                PensionHostServer s = new PensionHostServer(hosts.pension().get(city), "127.0.0.1", 0, null);
                servers.add(s);
                pass.addAll(List.of("--pension-host", city.code() + "=http://127.0.0.1:" + s.port()));
            }
            return new OwnHomes(hosts, servers);
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable s : servers) {
                s.close();
            }
            hosts.close();
        }
    }

    /** Runs the terminal command on the simulated reader while the console moves cards and talks to it. */
    private static int serve(List<String> pass, InputStream console, PrintStream out, SimReaders readers,
            SimReader reader, List<CardOs> issued) throws Exception {
        PipedOutputStream toTerminal = new PipedOutputStream();
        PipedInputStream terminalIn = new PipedInputStream(toTerminal);
        CompletableFuture<Integer> terminal = CompletableFuture.supplyAsync(() -> {
            try {
                return new TerminalCommand(out, terminalIn).run(pass.toArray(String[]::new), readers.terminalFactory());
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        try {
            feed(console, out, reader, issued, toTerminal, terminal);
            toTerminal.close();
            boolean consoleDriven = List.of("kiosk", "counter", "pos").contains(pass.get(0));
            if (!consoleDriven && !terminal.isDone()) {
                // No more console, no more taps: a gate or validator would wait for cards forever.
                out.println("console closed: stopping the simulated terminal");
                return Cli.OK;
            }
            return terminal.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e;
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Reads the console: card moves here, the rest to the terminal, until input ends or the terminal does. */
    private static void feed(InputStream console, PrintStream out, SimReader reader, List<CardOs> cards,
            OutputStream toTerminal, CompletableFuture<Integer> terminal) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8));
        String line;
        while (!terminal.isDone() && (line = lines.readLine()) != null) {
            String[] w = line.strip().split("\\s+");
            switch (w[0]) {
                case "cards" -> {
                    for (int i = 0; i < cards.size(); i++) {
                        out.printf("%3d  %s  %s yuan%n", i + 1, cards.get(i).label(),
                                java.math.BigDecimal.valueOf(SimCards.balance(cards.get(i)), 2).toPlainString());
                    }
                }
                case "tap" -> {
                    int n = w.length > 1 && w[1].matches("\\d+") ? Integer.parseInt(w[1]) : -1;
                    if (n < 1 || n > cards.size()) {
                        out.println("sim: tap N, with N from 1 to " + cards.size());
                    } else {
                        reader.field().present(cards.get(n - 1));
                    }
                }
                case "remove" -> reader.field().remove();
                case "" -> { }
                default -> {
                    toTerminal.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    toTerminal.flush();
                }
            }
            if (line.strip().equals("quit")) {
                break;
            }
        }
    }

    private static String take(List<String> args, String option) {
        int i = args.indexOf(option);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException("terminal --sim: " + option + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }
}
