package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.Arguments;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.sim.keys.TestKeystoreCommand;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.crypto.KeystorePassword;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.dayfile.DayFileReader;
import cn.yrd.onecard.dayfile.RecordFormats;
import cn.yrd.onecard.record.TransitRecord;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.PsamSpec;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.pcsc.SimReader;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.sim.pcsc.SimSlot;
import cn.yrd.onecard.sim.personal.Personalisation;
import cn.yrd.onecard.sim.personal.WalletCommand;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.gate.Gate;
import cn.yrd.onecard.terminal.gate.GateConfig;
import cn.yrd.onecard.terminal.gate.TapResult;
import cn.yrd.onecard.terminal.journal.DayFileExport;
import cn.yrd.onecard.terminal.journal.Journal;
import cn.yrd.onecard.terminal.kiosk.Kiosk;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import cn.yrd.onecard.terminal.host.ApprovedLoad;
import cn.yrd.onecard.terminal.host.LoadCheck;
import cn.yrd.onecard.terminal.reader.ReaderFailedException;
import cn.yrd.onecard.terminal.reader.ReaderLink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ./onecard demo}: a business day of the delta, end to end. Cards of the 16 cities are issued from a
 * generated test keystore; a day of bus rides, mostly local, some across to a neighbouring city, runs through
 * the real validator code on simulated readers; every operator's day file is exported; clearing and settlement
 * run as the separate services they are (child JVMs on the same database); the centre's bank confirms the
 * transfers; and the day's invariants are checked and printed. The same seed gives the same day.
 */
public final class DemoCommand {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    /** The cities whose metro the day rides: Shanghai, Nanjing, Suzhou, Hangzhou. */
    private static final Set<String> METRO_CITIES = Set.of("3100", "3201", "3205", "3301");

    private final PrintStream out;
    private final Map<String, String> env;

    DemoCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    public static void main(String[] args) {
        Cli.exit(() -> new DemoCommand(System.out, System.getenv()).run(args));
    }

    int run(String[] args) throws Exception {
        Arguments a = Arguments.parse("demo", args, Set.of("faults", "serve", "pcsc"));
        int cards = (int) a.number("cards", 2000, 16, 200_000);
        int taps = (int) a.number("taps", 20_000, 1, 5_000_000);
        boolean oneSeed = a.option("seed", null) != null;
        long seed = a.number("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        String seeds = a.option("seeds", null);
        Path outDir = Path.of(a.option("out", "out")).toAbsolutePath();
        boolean faults = a.flag("faults");
        boolean serve = a.flag("serve");
        boolean pcsc = a.flag("pcsc");
        int port = (int) a.number("port", 8080, 1, 65535);
        a.done(0);
        if (seeds != null) {
            List<Long> list = Sweep.seeds(seeds);
            if (serve || pcsc || oneSeed) {
                throw new UsageException("demo: --seeds runs many days in the JVM's simulated readers; it goes with "
                        + "neither --seed, --serve nor --pcsc");
            }
            return new Sweep(out, env, outDir).run(list, cards, taps, faults);
        }
        try (CardField.Supply fields = pcsc ? PcscField.open() : CardField.inJvm()) {
            Outcome day = day(new Options(cards, taps, seed, outDir, new Faults(seed, faults), serve, port, true),
                    fields, Services.fresh(outDir, env));
            return day.firstBroken() == null ? Cli.OK : Cli.FAILED;
        }
    }

    /** The day as the command line asked for it; {@code reports} false in a sweep (the invariants are its point). */
    record Options(int cards, int taps, long seed, Path outDir, Faults faults, boolean serve, int port,
            boolean reports) {
    }

    /** How a day ended: the first invariant that broke (null when all held), and the time each stage took. */
    record Outcome(String firstBroken, String stageTimes) {
    }

    Outcome day(Options o, CardField.Supply fields, Services services) throws Exception {
        int cards = o.cards();
        int taps = o.taps();
        long seed = o.seed();
        Path outDir = o.outDir();
        Faults faults = o.faults();
        LocalDate date = LocalDate.now(ZONE);
        Stages stages = new Stages(out);
        out.printf("a %sday in the delta: %s, %,d cards, %,d taps, seed %d, everything under %s%n",
                faults.on() ? "faulty " : "", date, cards, taps, seed, outDir);

        // 1. Cards and keys.
        Path keysFile = outDir.resolve("keys/cities.p12");
        // The demo's keystores are its own, made fresh: the development password unless one is given (and its
        // children get the same; production commands have no such default).
        boolean development = env.get(KeystorePassword.ENV) == null;
        char[] password = env.getOrDefault(KeystorePassword.ENV, TestKeystoreCommand.TEST_PASSWORD).toCharArray();
        // Test keys drawn from the seed, so the same seed gives the same day files, TACs included.
        SecureRandom keyRandom = SecureRandom.getInstance("SHA1PRNG");
        keyRandom.setSeed(seed);
        CityKeyStore keys = CityKeyStore.generate(keysFile, password, EnumSet.allOf(KeyPurpose.class), keyRandom);
        Path wallet = outDir.resolve("cards.json");
        WalletCommand.write(wallet, cards, seed);
        out.printf("wrote %s: %,d cards across the 16 cities and 1 PSAM%n", wallet, cards);
        Personalisation p = Personalisation.read(wallet, keys);
        Random random = new Random(seed);
        List<CardOs> issued = new ArrayList<>();
        Map<CardOs, CardSpec> specs = new LinkedHashMap<>();
        for (CardSpec spec : p.cards()) {
            CardOs card = SimCards.issue(spec, random);
            issued.add(card);
            specs.put(card, spec);
        }
        Map<String, Long> issuedBalance = new TreeMap<>();
        for (CardOs card : issued) {
            issuedBalance.put(serial(specs.get(card)), SimCards.balance(card));
        }
        stages.done("issue", issued.size() + " cards of the 16 cities, keys in " + outDir.relativize(keysFile)
                + (development ? " (the development password)" : ""));

        // 2. The day's rides through the validators' own code, one validator per city.
        SimReaders readers = new SimReaders();
        MovableClock clock = new MovableClock(date.atTime(6, 0).atZone(ZONE).toInstant());
        FareTable fares = fares();
        Map<City, Validator> validators = new LinkedHashMap<>();
        Map<City, List<Validator>> metro = new LinkedHashMap<>();
        int psams = 0;
        for (City city : Cities.all()) {
            // One bus of the faulty day has a clock hours behind: its records say so, the cards' counters do not.
            Clock busClock = city.equals(faults.lateClockCity()) ? Clock.offset(clock, faults.lateClock().negated())
                    : clock;
            validators.put(city, Validator.plug(readers, fields, "BUS" + city.code(), new GateConfig(Ride.Kind.BUS, city, 1, 0,
                    "00000000000" + city.code() + "0", "000000000000" + city.code()), ++psams, keys, fares, busClock,
                    outDir));
            if (METRO_CITIES.contains(city.code())) {
                // An entry gate at station 1, exit gates at stations 2 (same zone) and 4 (two zones on).
                List<Validator> gates = new ArrayList<>();
                int n = 0;
                for (Ride.Kind kind : List.of(Ride.Kind.METRO_ENTRY, Ride.Kind.METRO_EXIT, Ride.Kind.METRO_EXIT)) {
                    int station = List.of(1, 2, 4).get(n++);
                    gates.add(Validator.plug(readers, fields, "METRO" + city.code() + "-" + station, new GateConfig(kind, city, 1,
                            station, "00000000000" + city.code() + "1", "0000000000" + city.code() + "0" + station),
                            ++psams, keys, fares, clock, outDir));
                }
                metro.put(city, gates);
            }
        }
        int crashAt = faults.crashAt(taps);
        CityDesks desks = new CityDesks(readers, outDir, keys, clock);
        // The clearing centre's register of every PSAM and kiosk it issued: a record from anywhere else is suspended.
        List<TerminalRegistry.Terminal> terminals = new ArrayList<>(desks.terminals());
        validators.values().forEach(v -> terminals.add(v.terminal()));
        metro.values().forEach(gates -> gates.forEach(v -> terminals.add(v.terminal())));
        Path terminalsFile = Files.writeString(outDir.resolve("terminals.txt"), TerminalRegistry.text(terminals));
        List<CardOs> citizens = issued.stream().filter(c -> specs.get(c).citizen() != null).toList();
        LostCard lost = new LostCard(taps * 6 / 16, taps * 12 / 16);
        CardOs lastRider = issued.get(0);
        int claims = 0;
        int payouts = 0;
        int proofs = 0;
        List<City> cities = Cities.all();
        Tally tally = new Tally();
        long started = System.nanoTime();
        long daySeconds = 16 * 3600;
        for (int i = 0; i < taps; i++) {
            clock.set(date.atTime(6, 0).atZone(ZONE).toInstant().plusSeconds(daySeconds * i / taps));
            if (i == lost.reportedAt()) {
                lost.choose(lastRider);
                // Noon: the card's issuing city reports it lost; its own validators take the new list at once,
                // the other cities' buses only at night.
                City issuer = specs.get(lost.card()).city();
                Path list = lost.report(outDir, serial(specs.get(lost.card())), clock.instant().atZone(ZONE)
                        .toLocalDateTime());
                validators.get(issuer).gate().hotlist(HotlistFile.read(list));
            }
            CardOs card = issued.get(random.nextInt(issued.size()));
            // From the report on, its owner no longer has it (the noon tap included: a sweep found a seed whose noon
            // tap drew the card just reported, which its own bus then blocked before its evening ride).
            if (i >= lost.reportedAt() && card == lost.card()) {
                card = issued.get((issued.indexOf(card) + 1) % issued.size());
            }
            City home = specs.get(card).city();
            // Four rides in five at home; the fifth across to a neighbouring city (Kunshan-Shanghai style).
            int h = cities.indexOf(home);
            City where = random.nextInt(5) > 0 ? home
                    : cities.get(Math.floorMod(h + (random.nextBoolean() ? 1 : -1), cities.size()));
            if (i == lost.usedAt()) {
                // Evening: the card rides a neighbouring city's bus (its list is the morning's), then its own city's.
                card = lost.card();
                home = specs.get(card).city();
                where = cities.get(Math.floorMod(cities.indexOf(home) + 1, cities.size()));
                TapResult awayTap = validators.get(where).tap(card, faults);
                tally.count(awayTap);
                lost.tappedAway(where, awayTap.open(), awayTap.reason());
                where = home;
            }
            if (i == crashAt) {
                Validator old = validators.get(where);
                old.journal().close();
                faults.crash(old.dir(), old.name());
                validators.put(where, old.restarted(fares));
            }
            TapResult r;
            if (metro.containsKey(where) && i != lost.usedAt() && random.nextInt(4) == 0) {
                // A metro journey: in at station 1, out at 2 or 4 (the exit charges the zones crossed).
                List<Validator> gates = metro.get(where);
                r = ride(gates.get(0), where, card, faults, desks, tally);
                if (r.open()) {
                    tally.count(r);
                    clock.set(clock.instant().plusSeconds(Math.max(1, daySeconds / taps / 2)));
                    r = ride(gates.get(1 + random.nextInt(2)), where, card, faults, desks, tally);
                }
            } else {
                r = ride(validators.get(where), where, card, faults, desks, tally);
            }
            if (i == lost.usedAt()) {
                lost.tappedHome(r.open(), r.reason());
            }
            if (i % 150 == 75 && !citizens.isEmpty()) {
                // A retiree living away from home sees a doctor in the next city; the home city's fund pays 70%.
                CardOs patient = citizens.get(random.nextInt(citizens.size()));
                City away = cities.get(Math.floorMod(cities.indexOf(specs.get(patient).city()) + 1, cities.size()));
                long total = 5_000 + random.nextInt(300_000);
                String pin = specs.get(patient).citizen().pin();
                faults.maybeTearAtCounter(patient);
                claims += again(faults, () -> desks.claim(away, patient, pin, total, total * 70 / 100)) ? 1 : 0;
            }
            if (i % 300 == 150 && !citizens.isEmpty()) {
                CardOs retiree = citizens.get(random.nextInt(citizens.size()));
                City lives = cities.get(Math.floorMod(cities.indexOf(specs.get(retiree).city()) - 1, cities.size()));
                String pin = specs.get(retiree).citizen().pin();
                faults.maybeTearAtCounter(retiree);
                payouts += again(faults, () -> desks.payout(lives, retiree, pin, 300_000)) ? 1 : 0;
                faults.maybeTearAtCounter(retiree);
                proofs += again(faults, () -> desks.proofOfLife(lives, retiree, pin)) ? 1 : 0;
            }
            tally.count(r);
            if (r.open()) {
                lastRider = card;
            }
            if ((i + 1) % Math.max(1, taps / 20) == 0 || i + 1 == taps) {
                progress(i + 1, taps, (System.nanoTime() - started) / 1e9);
            }
        }
        stages.done("ride", String.format("%,d taps (bus and metro): %,d opened, %,d refused %s; %,d top-ups at "
                + "kiosks, %,d hospital bills, %,d pensions paid", tally.taps, tally.opened, tally.taps - tally.opened,
                tally.refused.isEmpty() ? "" : tally.refused.toString(), tally.topUps, claims, payouts));
        out.println("  the taps went through " + fields.describe());

        // 3. Every operator sends its day file to the clearing centre.
        Path inbox = Files.createDirectories(outDir.resolve("inbox"));
        long exported = 0;
        long rides = 0;
        Map<String, Long> purchases = new HashMap<>();
        List<Validator> all = new ArrayList<>(validators.values());
        metro.values().forEach(all::addAll);
        for (Validator v : all) {
            City city = v.gate().config().city();
            var trailer = DayFileExport.export(v.journal(), date, v.name(), city, 1,
                    inbox.resolve(v.name() + "-" + date.toString().replace("-", "") + "-1.txt"));
            exported += trailer.count();
            rides += trailer.count();
            for (TransitRecord t : v.journal().completed()) {
                purchases.merge(t.cardSerial().digits(), t.amount(), Long::sum);
            }
            v.journal().close();
        }
        for (TransitRecord t : desks.loads()) {
            purchases.merge(t.cardSerial().digits(), -t.amount(), Long::sum);
        }
        exported += desks.export(inbox, date);
        desks.close();
        List<Path> extra = faults.corruptInbox(inbox, date);
        // A bus's file held back a night (some seeds): tonight closes without its sender, the next night clears it.
        Path held = faults.holdBack(inbox, outDir.resolve("late"));
        String heldSender = held == null ? null : DayFileReader.readHeader(held).senderId();
        stages.done("export", String.format("%,d records in the operators' day files in %s", exported,
                outDir.relativize(inbox)));

        // 4. The night: clearing, then settlement, as separate services.
        Path outbox = outDir.resolve("outbox");
        String clear = "cn.yrd.onecard.clearing.cli.ClearingCommand";
        List<String> nightArgs = new ArrayList<>(List.of("--date", date.toString(), "--inbox", inbox.toString(),
                "--outbox", outbox.toString(), "--keystore", keysFile.toString(), "--hotlist", lost.file().toString(),
                "--terminals", terminalsFile.toString()));
        if (held != null) {
            nightArgs.addAll(List.of("--close-without", heldSender));
        }
        String[] night = nightArgs.toArray(String[]::new);
        // The costly faults, drawn by the seed: killed mid-job, cut off from its database mid-job; each time the
        // same command is run again, and the night must come out the same.
        boolean killed = faults.killsClearing()
                && services.runKilled(faults.clearingKillAfter(), "clearing", clear, night);
        Services.Dropped dropped = faults.cutsDatabase()
                ? services.runDroppingDatabase(faults.databaseDropAfter(), "clearing", clear, night) : null;
        Services.Run clearing = services.run("clearing", clear, night);
        if (faults.killsClearing()) {
            faults.clearingKilled(killed, (dropped != null ? dropped.run() : clearing).output());
        }
        if (dropped != null) {
            faults.databaseDropped(dropped);
        }
        if (clearing.exit() != 0 && clearing.exit() != 3) {
            throw new IllegalStateException("clearing failed (exit " + clearing.exit() + "): " + clearing.lastLine());
        }
        stages.done("clear", clearing.summary());
        String settle = "cn.yrd.onecard.settlement.cli.SettleCommand";
        String[] settleDay = {"day", "--date", date.toString(), "--outbox", outbox.toString()};
        // Killed while it posts the day: its one transaction must leave nothing, and the same command settles it.
        boolean settlementKilled = faults.killsSettlement() && services.runKilledMidTransaction(
                faults.settlementKillAfter(), "SELECT COUNT(*) FROM net_position WHERE business_date = '" + date + "'",
                "settlement", settle, settleDay);
        long leftCommitted = services.count("settlement", "SELECT COUNT(*) FROM journal_entry WHERE business_date = '"
                + date + "'");
        Services.Run settlement = services.run("settlement", settle, settleDay);
        if (faults.killsSettlement()) {
            faults.settlementKilled(settlementKilled, leftCommitted, settlement);
        }
        if (settlement.exit() != 0) {
            throw new IllegalStateException("settlement failed (exit " + settlement.exit() + "): " + settlement.lastLine());
        }
        stages.done("settle", settlement.line("the 16 positions sum to"));
        Path bank = Bank.confirm(outbox.resolve(date + "/settlement-instructions.txt"), outDir.resolve("bank"),
                faults.bankFaults());
        Services.Run reconcile = services.run("settlement", "cn.yrd.onecard.settlement.cli.SettleCommand",
                "reconcile", "--date", date.toString(), "--bank", bank.toString());
        stages.done("reconcile", reconcile.line("bank confirmation"));
        if (faults.confirmsTwice()) {
            services.run("settlement", "cn.yrd.onecard.settlement.cli.SettleCommand", "reconcile", "--date",
                    date.toString(), "--bank", bank.toString());
        }
        // The next night, when a file was held back: it arrives, and that night clears and settles it.
        LocalDate next = date.plusDays(1);
        Services.Run nextSettlement = null;
        Path nextBank = null;
        if (held != null) {
            Path back = Files.move(held, inbox.resolve(held.getFileName()));
            Files.setLastModifiedTime(back, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            Services.Run nextClearing = services.run("clearing", clear, "--date", next.toString(), "--inbox",
                    inbox.toString(), "--outbox", outbox.toString(), "--keystore", keysFile.toString(), "--hotlist",
                    lost.file().toString(), "--terminals", terminalsFile.toString(), "--deadline", "2000-01-01T00:00");
            if (nextClearing.exit() != 0 && nextClearing.exit() != 3) {
                throw new IllegalStateException("the next night's clearing failed (exit " + nextClearing.exit() + "): "
                        + nextClearing.lastLine());
            }
            nextSettlement = services.run("settlement", settle, "day", "--date", next.toString(), "--outbox",
                    outbox.toString());
            if (nextSettlement.exit() != 0) {
                throw new IllegalStateException("the next night's settlement failed (exit " + nextSettlement.exit()
                        + "): " + nextSettlement.lastLine());
            }
            nextBank = Bank.confirm(outbox.resolve(next + "/settlement-instructions.txt"), outDir.resolve("bank"),
                    false);
            services.run("settlement", settle, "reconcile", "--date", next.toString(), "--bank", nextBank.toString());
            faults.heldBack(back, heldSender, DayFileReader.read(back, RecordFormats.TRANSIT).records().size(),
                    nextClearing.line("  late file").strip());
            stages.done("next night", nextClearing.line("  late file").strip());
        }
        if (o.reports()) {
            Services.Run report = services.run("settlement", "cn.yrd.onecard.settlement.cli.SettleCommand", "report",
                    "--date", date.toString(), "--out", outDir.resolve("reports").toString());
            if (report.exit() != 0) {
                throw new IllegalStateException("the reports failed (exit " + report.exit() + "): " + report.lastLine());
            }
            stages.done("report", "HTML, PDF and CSV in " + outDir.relativize(outDir.resolve("reports/" + date)));
        }

        // 5. The day in a few lines, and its invariants.
        out.println();
        out.println(clearing.output().strip());
        out.println();
        settlement.output().lines().filter(l -> l.matches("^(city|3[0-9]{3}) .*") || l.startsWith("the 16"))
                .forEach(out::println);
        out.println();
        Invariants check = new Invariants(out);
        Map<String, Long> cardBalance = new TreeMap<>();
        for (CardOs card : issued) {
            cardBalance.put(serial(specs.get(card)), SimCards.balance(card));
        }
        check.that("every card: issued balance + loads - purchases = card balance", issuedBalance.keySet().stream()
                .filter(c -> issuedBalance.get(c) - purchases.getOrDefault(c, 0L) != cardBalance.get(c)).toList());
        check.that("every bill, pension and proof of life the counters took recorded once", claims + payouts + proofs
                == desks.counterRecords() ? List.of() : List.of(claims + " bills, " + payouts + " pensions, " + proofs
                        + " proofs of life; the counters' logs hold " + desks.counterRecords()));
        check.that("every opened tap recorded once and sent", tally.opened == rides ? List.of()
                : List.of(tally.opened + " opened, " + rides + " ride records"));
        // The issuing cities' own check (terminal host-check) over the nights run: a top-up the card never took is
        // the only approval no kiosk's day file may carry, and the kiosk's journal says so.
        LoadCheck.Result hostCheck = LoadCheck.check(ApprovedLoad.on(outDir.resolve("load-host"), date), outbox, date);
        java.util.Set<String> untaken = desks.abandonedLoads();
        check.that("every load the host approved is in a kiosk's day file, or its card never took it",
                hostCheck.missing().stream().filter(m -> m.candidates().stream().map(ApprovedLoad::requestId)
                        .filter(untaken::contains).count() < m.count()).map(m -> m.candidates().get(0).requestId())
                        .toList());
        ClearedDetail detail = held == null ? ClearedDetail.read(outbox.resolve(date.toString()))
                : ClearedDetail.read(outbox.resolve(date.toString()), outbox.resolve(next.toString()));
        // A file held back a night leaves a gap in the cards that rode that bus: tonight, each such card's next
        // purchase waits in suspense (G01: its counter skips) and its next top-up too (B02: the balance skips), as
        // they would for a file never sent.
        java.util.Set<String> heldCards = held == null ? java.util.Set.of() : DayFileReader.read(
                inbox.resolve(held.getFileName()), RecordFormats.TRANSIT).records().stream()
                .map(r -> r.cardSerial().digits()).collect(java.util.stream.Collectors.toSet());
        // The forged and the replayed ride, and every claim of a hospital's file sent again.
        List<Path> resentClaims = extra.size() > 1 ? extra.subList(1, 2) : List.of();
        long resent = 0;
        for (Path f : resentClaims) {
            resent += DayFileReader.read(f, RecordFormats.MEDICAL).records().size();
        }
        long planted = extra.isEmpty() ? 0 : 2 + resent;
        check.that("received = accepted + suspended", detail.records() == exported + planted ? List.of()
                : List.of(exported + planted + " sent, " + detail.records() + " cleared"));
        String lostSerial = serial(specs.get(lost.card()));
        long lostRides = detail.reasonsOf(lostSerial).stream().filter("H01"::equals).count();
        if (!extra.isEmpty()) {
            // A planted forgery or replay of the lost card's ride is counted as planted, not as a ride (seed 66).
            String planted0 = extra.get(0).getFileName().toString();
            List<TransitRecord> plantedRides = DayFileReader.read(extra.get(0), RecordFormats.TRANSIT).records();
            for (int i = 0; i < plantedRides.size(); i++) {
                if (plantedRides.get(i).cardSerial().digits().equals(lostSerial)
                        && "H01".equals(detail.reasonAt(planted0, i + 2))) {
                    lostRides--;
                }
            }
        }
        // A top-up torn at CREDIT FOR LOAD whose card's log shows the load is recorded without its TAC: clearing
        // suspends it (T01) for finance staff to release, and the card's next ride, whose balance before includes
        // the load, breaks the chain of its accepted records (B02).
        List<String> unprovenLoads = desks.loads().stream().filter(t -> t.tac().equals(Kiosk.NO_TAC))
                .map(t -> t.cardSerial().digits()).distinct().toList();
        long unproven = unprovenLoads.stream().mapToLong(c -> detail.reasonsOf(c).stream()
                .filter(r -> r.equals("T01") || r.equals("B02")).count()).sum();
        faults.unprovenLoads(unprovenLoads.size(), unproven);
        // Each suspended record of those cards counted once, by what explains it.
        java.util.Set<String> explainedCards = new java.util.TreeSet<>(unprovenLoads);
        explainedCards.addAll(heldCards);
        long explained = 0;
        for (String card : explainedCards) {
            java.util.Set<String> why = new java.util.HashSet<>();
            if (unprovenLoads.contains(card)) {
                why.addAll(List.of("T01", "B02"));
            }
            if (heldCards.contains(card)) {
                why.addAll(List.of("G01", "B02"));
            }
            explained += detail.reasonsOf(card).stream().filter(why::contains).count();
        }
        check.that("in suspense exactly the planted records, the lost card's ride, the unproven top-ups and the gaps of "
                + "a file held back", detail.records() - detail.accepted() == planted + lostRides + explained
                ? List.of()
                        : List.of((detail.records() - detail.accepted()) + " suspended"));
        if (faults.on()) {
            String file = extra.get(0).getFileName().toString();
            List<String> missed = new ArrayList<>();
            if (detail.reasonAt(file, 2) == null || detail.reasonAt(file, 3) == null) {
                missed.add(file);
            }
            for (Path f : resentClaims) {
                for (int line = 2; line < 2 + resent; line++) {
                    if (!"D02".equals(detail.reasonAt(f.getFileName().toString(), line))) {
                        missed.add(f.getFileName() + " line " + line);
                    }
                }
            }
            check.that("every planted record lands in suspense (a claim sent again: D02)", missed);
            check.that("the truncated file is quarantined with a report", Files.list(inbox.resolve("quarantine"))
                    .anyMatch(q -> q.toString().endsWith(".report")) ? List.of() : List.of("no report"));
        }
        check.that("every card's balance chain through the day files runs from its issued balance to the card's",
                BalanceChains.broken(inbox, extra.stream().map(f -> f.getFileName().toString())
                        .collect(java.util.stream.Collectors.toSet()), issuedBalance, cardBalance));
        check.that("card balance = shadow balance (cards with no record in suspense)", detail.lastBalance().entrySet()
                .stream().filter(e -> !detail.suspendedCards().contains(e.getKey()))
                .filter(e -> !e.getValue().equals(cardBalance.get(e.getKey()))).map(Map.Entry::getKey).toList());
        check.that("the lost card's evening ride elsewhere is in suspense (H01), at home it was refused",
                lost.caught(detail.reasonsOf(lostSerial)) ? List.of() : List.of(lost.story()));
        Services.Run lastSettlement = nextSettlement == null ? settlement : nextSettlement;
        check.that("the ledger balances", lastSettlement.output().contains("ledger: every entry balances") ? List.of()
                : List.of(lastSettlement.line("ledger:")));
        check.that("each city's net = the day files' accepted cross-city business, less the fee table's fees",
                Positions.differences(Positions.fromDayFiles(inbox, detail, Positions.FeeTable.ofClearing(
                        services.clearingJar())), sum(Positions.settled(settlement.output()), nextSettlement == null
                        ? Map.of() : Positions.settled(nextSettlement.output()))));
        check.that("the ledger moved each city's settlement through the bank as the bank executed it",
                BankLedger.differences(sum(BankLedger.fromBank(outbox.resolve(date + "/settlement-instructions.txt"),
                        bank), nextBank == null ? Map.of() : BankLedger.fromBank(outbox.resolve(next
                        + "/settlement-instructions.txt"), nextBank)), sum(BankLedger.fromLedger(services.connection(
                        "settlement"), date), nextBank == null ? Map.of() : BankLedger.fromLedger(services.connection(
                        "settlement"), next))));
        if (faults.on()) {
            check.that("the bank's missing and short transfers are breaks", reconcile.output().contains("MISSING")
                    && reconcile.output().contains("AMOUNT_DIFFERS") ? List.of()
                    : List.of(reconcile.line("bank confirmation")));
            out.println();
            String file = extra.get(0).getFileName().toString();
            faults.print(out, line -> detail.reasonAt(file, Integer.parseInt(line)));
        } else {
            check.that("the bank executed every instruction", reconcile.exit() == 0 ? List.of()
                    : List.of(reconcile.line("bank confirmation")));
        }
        out.println("  " + lost.story() + "; clearing: " + detail.reasonsOf(lostSerial));
        stages.print();
        if (o.reports()) {
            out.println("the day's reports: " + outDir.resolve("reports/" + date + "/region.html") + " (and region.pdf, "
                    + "cities/)");
        }
        out.println("everything is under " + outDir + " (day files in inbox/, clearing results in outbox/, "
                + "the services' logs in logs/)");
        if (o.serve() && !check.broken()) {
            serve(services, outDir, o.port(), seed);
        }
        return new Outcome(check.firstBroken(), stages.times());
    }

    /** Two nights' figures per city, added (a held-back file's money moves on the night that clears it). */
    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> total = new TreeMap<>(a);
        b.forEach((city, fen) -> total.merge(city, fen, Math::addExact));
        return total;
    }

    /** Keeps the settlement web app running on the demo's database, with a regional officer to log in as. */
    private void serve(Services services, Path outDir, int port, long seed) throws Exception {
        String password = "delta-" + Long.toHexString(new Random(seed).nextLong() & 0xffffffffL);
        Path keystore = outDir.resolve("keys/settlement.p12");
        services.run("settlement", "cn.yrd.onecard.settlement.cli.SettleCommand", "keystore", "--out", keystore.toString());
        services.runWithInput(password + "\n", "settlement", "cn.yrd.onecard.settlement.cli.SettleCommand", "user",
                "--name", "region", "--role", "REGION");
        out.println();
        out.println("finance pages: http://127.0.0.1:" + port + "/  (log in as region / " + password
                + "); Ctrl-C stops the service");
        services.foreground("settlement", "cn.yrd.onecard.settlement.cli.SettleCommand", "serve", "--port",
                Integer.toString(port), "--keystore", keystore.toString());
    }

    /**
     * One tap as a passenger makes it: a card pulled too soon is tapped again (the validator settles the torn
     * purchase first); short of the fare, the passenger loads 50 yuan at the city's kiosk and taps again.
     */
    private static TapResult ride(Validator v, City where, CardOs card, Faults faults, CityDesks desks, Tally tally)
            throws Exception {
        faults.maybeTear(card);
        faults.maybePullPsam(v.psam());
        TapResult r = again(faults, () -> v.tap(card, faults));
        if (!r.open() && r.reason() != null && r.reason().startsWith("insufficient balance")
                && again(faults, () -> desks.topUp(where, card, 5000))) {
            tally.topUps++;
            r = again(faults, () -> v.tap(card, faults));
        }
        return r;
    }

    /** Work a card does while a person holds it in the field. */
    @FunctionalInterface
    interface CardWork<T> {
        T run() throws Exception;
    }

    /**
     * A person whose card left the field mid-command presents it again, up to three times: whatever a tear
     * was planned on (a tap, a top-up, a counter's business), the terminal's own recovery must settle it.
     */
    static <T> T again(Faults faults, CardWork<T> work) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (CardRemovedException e) {
                faults.tore();
                if (attempt == 3) {
                    throw new IllegalStateException("a card left the field three times in a row", e);
                }
            }
        }
    }

    /** The day's taps as they went. */
    private static final class Tally {
        int taps;
        int opened;
        int topUps;
        final Map<String, Integer> refused = new TreeMap<>();

        void count(TapResult r) {
            taps++;
            if (r.open()) {
                opened++;
            } else {
                refused.merge(r.reason() == null ? "refused" : r.reason().replaceAll("[0-9.]+", "#"), 1, Integer::sum);
            }
        }
    }

    /** A progress bar of taps and their rate: redrawn in place on a terminal, a line a tenth otherwise. */
    private void progress(int done, int total, double seconds) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        String bar = String.format("  [%s%s] %,d / %,d taps, %,.0f taps/s", "#".repeat(filled), " ".repeat(width - filled),
                done, total, done / seconds);
        if (System.console() != null) {
            out.print("\r" + bar + (done == total ? "\n" : ""));
        } else if (done == total || done % Math.max(1, total / 10) < Math.max(1, total / 20)) {
            out.println(bar);
        }
    }

    /** The card serial records carry: the application serial without its city prefix. */
    private static String serial(CardSpec spec) {
        return spec.appSerial().substring(spec.appSerial().length() - 16);
    }

    private static FareTable fares() {
        StringBuilder json = new StringBuilder("{\"version\":1,\"cities\":{");
        String sep = "";
        for (City c : Cities.all()) {
            json.append(sep).append('"').append(c.code()).append("\":{\"bus\":{\"default\":200},");
            if (METRO_CITIES.contains(c.code())) {
                json.append("\"metro\":{\"zones\":{\"1\":1,\"2\":1,\"4\":3},\"fareByZonesCrossed\":[300,400,500],"
                        + "\"maxFare\":800},");
            }
            json.append("\"discounts\":{\"senior\":0,\"student\":50,\"disabled\":0}}");
            sep = ",";
        }
        return FareTable.parse(json.append("}}").toString(), "demo");
    }

    /** A validator or gate on its simulated reader with its own PSAM and journal; it sends its day file as {@code name}. */
    private record Validator(String name, CardField field, ReaderLink link, SimSlot samSlot, CardOs psam, Gate gate,
            Journal journal, Path dir, Clock clock) {

        static Validator plug(SimReaders readers, CardField.Supply fields, String name, GateConfig config, int psam,
                CityKeyStore keys, FareTable fares, Clock clock, Path outDir) throws Exception {
            SimReader reader = readers.plug(name);
            CardField field = fields.of(readers, reader);
            CardOs psamCard = SimCards.psam(new PsamSpec(String.format("%012d", 100_000 + psam), 0,
                    keys.keys(KeyPurpose.PURCHASE), keys.keys(KeyPurpose.MAINTENANCE)));
            reader.sam().present(psamCard);
            Path dir = outDir.resolve("journals/" + name);
            Journal journal = Journal.open(dir);
            ReaderLink link = new ReaderLink(field.terminal(),
                    readers.terminalFactory().terminals().getTerminal(reader.sam().terminalName()));
            link.openSam();
            return new Validator(name, field, link, reader.sam(), psamCard, new Gate(config, fares, journal,
                    Hotlist.empty(), clock), journal, dir, clock);
        }

        /**
         * A passenger's tap. A PSAM that left its slot mid-purchase fails the tap as a reader failure (the passenger
         * cannot help): staff reseat it, the validator opens it again, and the passenger taps again.
         */
        TapResult tap(CardOs card, Faults faults) throws Exception {
            TapResult r;
            try {
                r = held(card);
            } catch (ReaderFailedException e) {
                if (samSlot.isCardPresent()) {
                    throw e;
                }
                faults.psamReseated();
                samSlot.present(psam);
                link.openSam();
                r = held(card);
            }
            if (r.open() && r.reason() != null && r.reason().startsWith("PSAM failed")) {
                faults.psamWentAfterThePurchase();
            }
            return r;
        }

        /** One tap of {@code card}, held to the field. */
        private TapResult held(CardOs card) throws Exception {
            field.hold(card);
            return gate.tap(link.connectCard().getBasicChannel(), link.sam(), link.apduCounter());
        }

        /** The validator's PSAM as the clearing centre registered it: to the city and operator of its gate, its file. */
        TerminalRegistry.Terminal terminal() {
            return new TerminalRegistry.Terminal(link.sam().terminalNo(), gate.config().city(),
                    gate.config().operatorId(), name);
        }

        /**
         * The same validator after its process was killed: its journal recovered from disk, and the hotlist it had
         * taken (a validator keeps its list in a file of its own).
         */
        Validator restarted(FareTable fares) throws IOException {
            Journal recovered = Journal.open(dir);
            return new Validator(name, field, link, samSlot, psam, new Gate(gate.config(), fares, recovered,
                    gate.hotlist(), clock), recovered, dir, clock);
        }
    }

    /** The validators' clock: each tap happens at its planned time of day. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
