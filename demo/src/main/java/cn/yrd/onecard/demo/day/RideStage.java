package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.hotlist.HotlistFile;
import cn.yrd.onecard.registry.OpenBills;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.sim.pcsc.SimReaders;
import cn.yrd.onecard.terminal.fare.FareTable;
import cn.yrd.onecard.terminal.fare.Ride;
import cn.yrd.onecard.terminal.gate.GateConfig;
import cn.yrd.onecard.terminal.gate.TapResult;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.reader.CardRemovedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The day's rides through the validators' own code, one bus validator per city and metro gates in four; with them
 * the kiosks' top-ups, the counters' hospital bills, pensions and proofs of life, and a card lost at noon.
 */
final class RideStage implements Day.Stage {
    /** The cities whose metro the day rides: Shanghai, Nanjing, Suzhou, Hangzhou. */
    private static final Set<String> METRO_CITIES = Set.of("3100", "3201", "3205", "3301");
    private static final long DAY_SECONDS = 16 * 3600;

    private Day day;
    private MovableClock clock;
    private FareTable fares = fares();
    private List<CardOs> citizens;
    private CardOs lastRider;

    @Override
    public void run(Day day) throws Exception {
        this.day = day;
        int taps = day.options.taps();
        if (day.validators == null) {
            day.clock = new MovableClock(startOfDay(day));
            clock = day.clock;
            plugTerminals(new SimReaders());
        } else {
            clock = day.clock; // a day after another: the same terminals, on the same clock
        }
        citizens = day.issued.stream().filter(c -> day.specs.get(c).citizen() != null).toList();
        // A day after another has no card lost at noon: the centre lists that day's losses (CardLife).
        if (day.life == null || day.life.isFirst(day)) {
            day.lost = new LostCard(taps * 6 / 16, taps * 12 / 16);
        }
        lastRider = day.issued.get(0);
        int crashAt = day.faults.crashAt(taps);
        long started = System.nanoTime();
        for (int i = 0; i < taps; i++) {
            clock.set(startOfDay(day).plusSeconds(DAY_SECONDS * i / taps));
            tap(i, crashAt);
            if ((i + 1) % Math.max(1, taps / 20) == 0 || i + 1 == taps) {
                progress(i + 1, taps, (System.nanoTime() - started) / 1e9);
            }
        }
        if (day.faults.on()) {
            retiredKioskTries();
        }
        if (day.life == null || day.life.isFirst(day)) {
            day.homeStory = new HomeCityStory(day, citizens).tell();
        }
        Tally t = day.tally;
        day.stages.done("ride", String.format("%,d taps (bus and metro): %,d opened, %,d refused %s; %,d payments at "
                + "shops, taxis, car parks and water works: %,d paid%s (%,d water bills); %,d top-ups at kiosks, %,d "
                + "hospital bills, %,d pensions paid", t.taps, t.opened, t.taps - t.opened, t.refused.isEmpty() ? ""
                        : t.refused.toString(), t.sales, t.paid, t.notPaid.isEmpty() ? "" : " " + t.notPaid,
                t.bills, t.topUps, t.claims, t.payouts));
        day.out.println("  the taps went through " + day.fields.describe());
        if (day.homeStory != null) {
            day.homeStory.forEach(line -> day.out.println("  " + line));
        }
        if (day.lost != null) {
            day.hotlist = day.lost.file();
        }
    }

    /**
     * The faulty day's stolen kiosk: its city took it out of service and revoked its certificate, then it tries a
     * top-up on a card of that city (not the lost one, which a kiosk refuses before asking anyone). The load host must
     * refuse it at the handshake. Drawn without the day's chance: the rest of the day is as it was.
     */
    private void retiredKioskTries() throws Exception {
        City city = day.faults.retiredKioskCity();
        CardOs card = day.issued.stream().filter(c -> c != day.lost.card() && day.home(c).equals(city)).findFirst()
                .orElse(day.issued.stream().filter(c -> c != day.lost.card()).findFirst().orElseThrow());
        // A terminal number no kiosk has (12 hex digits: EE, the city, the seed), so a sweep's days issue apart.
        String name = String.format("EE%s%06X", city.code(), day.options.seed() & 0xFFFFFF);
        long before = SimCards.balance(card);
        String seen = day.desks.retiredKioskTopUp(city, card, 5000, day.options.trust(), name,
                day.outDir().resolve("journals/" + name), day.faults);
        day.retiredKiosk = new Day.RetiredKiosk(name, day.specs.get(card).serial(), before, SimCards.balance(card),
                seen);
        day.faults.retiredKioskTried(name);
    }

    /** When the first bus leaves, and the day's counters open. */
    static Instant startOfDay(Day day) {
        return day.date.atTime(6, 0).atZone(Day.ZONE).toInstant();
    }

    /** A bus validator in every city, metro gates in four, the cities' desks, and the register of them all. */
    private void plugTerminals(SimReaders readers) throws Exception {
        day.validators = new LinkedHashMap<>();
        day.metro = new LinkedHashMap<>();
        int psams = 0;
        for (City city : Cities.all()) {
            // One bus of the faulty day has a clock hours behind: its records say so, the cards' counters do not.
            Clock busClock = city.equals(day.faults.lateClockCity())
                    ? Clock.offset(clock, day.faults.lateClock().negated()) : clock;
            day.validators.put(city, Validator.plug(readers, day.fields, "BUS" + city.code(), new GateConfig(
                    Ride.Kind.BUS, city, 1, 0, "00000000000" + city.code() + "0", "000000000000" + city.code()),
                    ++psams, day.keys, fares, busClock, day.outDir()));
            if (METRO_CITIES.contains(city.code())) {
                // An entry gate at station 1, exit gates at stations 2 (same zone) and 4 (two zones on).
                List<Validator> gates = new ArrayList<>();
                int n = 0;
                for (Ride.Kind kind : List.of(Ride.Kind.METRO_ENTRY, Ride.Kind.METRO_EXIT, Ride.Kind.METRO_EXIT)) {
                    int station = List.of(1, 2, 4).get(n++);
                    gates.add(Validator.plug(readers, day.fields, "METRO" + city.code() + "-" + station,
                            new GateConfig(kind, city, 1, station, "00000000000" + city.code() + "1",
                                    "0000000000" + city.code() + "0" + station),
                            ++psams, day.keys, fares, clock, day.outDir()));
                }
                day.metro.put(city, gates);
            }
        }
        day.desks = new CityDesks(readers, day.outDir(), day.keys, clock, day.options.trust(), new HomeHosts(
                day.outDir().resolve("hosts"), day.keys, clock, day.issued.stream().map(c -> day.specs.get(c).citizen())
                        .filter(java.util.Objects::nonNull).map(cn.yrd.onecard.sim.card.CardSpec.Citizen::card)
                        .toList(), day.date));
        day.tills = Till.plug(readers, day.fields, day.keys, clock, day.outDir(), psams, List.copyOf(METRO_CITIES));
        day.merchantsDir = day.outDir().resolve("merchants");
        // The clearing centre's register of every PSAM and kiosk it issued: a record from anywhere else is suspended.
        List<TerminalRegistry.Terminal> terminals = new ArrayList<>(day.desks.terminals());
        day.validators.values().forEach(v -> terminals.add(v.terminal()));
        day.metro.values().forEach(gates -> gates.forEach(v -> terminals.add(v.terminal())));
        day.tills.values().forEach(tills -> tills.forEach(t -> terminals.add(t.terminal())));
        day.terminalsFile = Files.writeString(day.outDir().resolve("terminals.txt"), TerminalRegistry.text(terminals));
    }

    /** Tap {@code i} of the day, and the counter business that falls at it. */
    private void tap(int i, int crashAt) throws Exception {
        LostCard lost = day.lost;
        List<City> cities = Cities.all();
        if (lost != null && i == lost.reportedAt()) {
            reportLost();
        }
        CardOs card = day.issued.get(day.random.nextInt(day.issued.size()));
        // From the report on, its owner no longer has it (the noon tap included: a sweep found a seed whose noon
        // tap drew the card just reported, which its own bus then blocked before its evening ride); nor does anyone
        // have a card lost, refunded or replaced on an earlier day.
        while (day.outOfHand.contains(card) || (lost != null && i >= lost.reportedAt() && card == lost.card())) {
            card = day.issued.get((day.issued.indexOf(card) + 1) % day.issued.size());
        }
        City home = day.home(card);
        // Four rides in five at home; the fifth across to a neighbouring city (Kunshan-Shanghai style).
        int h = cities.indexOf(home);
        City where = day.random.nextInt(5) > 0 ? home
                : cities.get(Math.floorMod(h + (day.random.nextBoolean() ? 1 : -1), cities.size()));
        if (lost != null && i == lost.usedAt()) {
            // Evening: the card rides a neighbouring city's bus (its list is the morning's), then its own city's.
            card = lost.card();
            home = day.home(card);
            where = cities.get(Math.floorMod(cities.indexOf(home) + 1, cities.size()));
            Validator away = day.validators.get(where);
            CardOs lostCard = card;
            TapResult awayTap = again(day.faults, () -> away.tap(lostCard, day.faults));
            day.tally.count(awayTap);
            lost.tappedAway(where, awayTap.open(), awayTap.reason());
            where = home;
        }
        if (i == crashAt) {
            Validator old = day.validators.get(where);
            old.journal().close();
            day.faults.crash(old.dir(), old.name());
            day.validators.put(where, old.restarted(fares));
        }
        TapResult r = journey(i, where, card);
        if (lost != null && i == lost.usedAt()) {
            lost.tappedHome(r.open(), r.reason());
        }
        counters(i);
        if (lost == null || i != lost.usedAt()) {
            shop(where, card);
        }
        day.tally.count(r);
        if (r.open()) {
            lastRider = card;
        }
    }

    /** Noon: the last rider's card is reported lost; its own city's validators take the new list at once. */
    private void reportLost() throws Exception {
        LostCard lost = day.lost;
        lost.choose(lastRider);
        // The other cities' buses take the list only at night.
        City issuer = day.home(lost.card());
        Path list = lost.report(day.outDir(), day.serial(lost.card()), clock.instant().atZone(Day.ZONE)
                .toLocalDateTime());
        day.validators.get(issuer).gate().hotlist(HotlistFile.read(list));
    }

    /** A bus ride, or one metro journey in four where there is a metro: in at station 1, out at 2 or 4. */
    private TapResult journey(int i, City where, CardOs card) throws Exception {
        if (day.metro.containsKey(where) && (day.lost == null || i != day.lost.usedAt())
                && day.random.nextInt(4) == 0) {
            // The exit charges the zones crossed.
            List<Validator> gates = day.metro.get(where);
            TapResult r = ride(gates.get(0), where, card);
            if (r.open()) {
                day.tally.count(r);
                clock.set(clock.instant().plusSeconds(Math.max(1, DAY_SECONDS / day.options.taps() / 2)));
                r = ride(gates.get(1 + day.random.nextInt(2)), where, card);
            }
            return r;
        }
        return ride(day.validators.get(where), where, card);
    }

    /**
     * One ride in twelve, the passenger then pays at one of the city's merchants (a shop, a taxi, a car park, a water
     * works' kiosk, where the next open bill is paid): a card of another city as readily as one of this city's. Short
     * of the amount, the passenger loads 50 yuan at the city's kiosk and pays again; a student card is refused at a
     * car park.
     */
    private void shop(City where, CardOs card) throws Exception {
        if (day.random.nextInt(12) != 0) {
            return;
        }
        List<Till> tills = day.tills.get(where);
        Till till = tills.get(day.random.nextInt(tills.size()));
        if (till.unpaid() != null) {
            payBill(where, card, till);
            return;
        }
        long amount = till.amount(day.random);
        day.faults.maybeTear(card);
        day.tally.sale(topped(where, card, () -> till.pay(card, amount)));
    }

    /**
     * The customer pays the water works' next open bill at {@code kiosk}. On the faulty day the first bill paid is
     * presented again: at the same kiosk, which refuses it, then at the works' other kiosk, whose journal does not
     * know it and takes it again: clearing must hold that second payment (M05) and remit the bill once.
     */
    private void payBill(City where, CardOs card, Till kiosk) throws Exception {
        OpenBills.Bill bill = kiosk.unpaid().peek();
        if (bill == null) {
            return; // every bill of the works is paid
        }
        day.faults.maybeTear(card);
        TapResult r = topped(where, card, () -> kiosk.payBill(card, bill));
        day.tally.sale(r);
        if (!r.open() || !bill.paidBy(r.record())) {
            return;
        }
        kiosk.unpaid().poll();
        day.tally.bills++;
        if (day.faults.on() && day.billPaidTwice == null) {
            String here = again(day.faults, () -> kiosk.payBill(card, bill)).reason();
            Till other = day.tills.get(where).stream().filter(t -> t.merchant().equals(kiosk.merchant()) && t != kiosk)
                    .findFirst().orElseThrow();
            TapResult twice = topped(where, card, () -> other.payBill(card, bill));
            day.tally.sale(twice);
            day.billPaidTwice = twice.open() ? day.serial(card) : "";
            day.faults.billPaidTwice(bill.number(), kiosk.name(), here, other.name(), twice.open());
        }
    }

    /** A payment; a card short of it is loaded with 50 yuan at the city's kiosk and pays again. */
    private TapResult topped(City where, CardOs card, CardWork<TapResult> pay) throws Exception {
        Faults faults = day.faults;
        TapResult r = again(faults, pay);
        if (!r.open() && r.reason() != null && r.reason().startsWith("insufficient balance")
                && again(faults, () -> day.desks.topUp(where, card, 5000))) {
            day.tally.topUps++;
            r = again(faults, pay);
        }
        return r;
    }

    /**
     * A hospital bill every 150 taps, at a hospital of a random level, in its ward or as an outpatient; a pension and a
     * proof of life every 300: citizens living away from home, their home cities asked online. A pension the home city
     * does not pay (this month's paid already, the certification lapsed) is not counted.
     */
    private void counters(int i) throws Exception {
        if (citizens.isEmpty()) {
            return;
        }
        List<City> cities = Cities.all();
        Faults faults = day.faults;
        CityDesks desks = day.desks;
        if (i % 150 == 75) {
            // A retiree sees a doctor in the next city; the home city's fund pays 70%.
            CardOs patient = citizens.get(day.random.nextInt(citizens.size()));
            City away = cities.get(Math.floorMod(cities.indexOf(day.home(patient)) + 1, cities.size()));
            long total = 5_000 + day.random.nextInt(300_000);
            String pin = day.specs.get(patient).citizen().pin();
            faults.maybeTearAtCounter(patient);
            MedicalCare care = new MedicalCare(MedicalCare.Level.values()[day.random.nextInt(3)],
                    MedicalCare.Kind.values()[day.random.nextInt(2)]);
            day.tally.claims += again(faults, () -> desks.claim(away, patient, pin, total, care)).done() ? 1 : 0;
        }
        if (i % 300 == 150) {
            CardOs retiree = citizens.get(day.random.nextInt(citizens.size()));
            City lives = cities.get(Math.floorMod(cities.indexOf(day.home(retiree)) - 1, cities.size()));
            String pin = day.specs.get(retiree).citizen().pin();
            faults.maybeTearAtCounter(retiree);
            day.tally.payouts += again(faults, () -> desks.payout(lives, retiree, pin)).done() ? 1 : 0;
            faults.maybeTearAtCounter(retiree);
            day.tally.proofs += again(faults, () -> desks.proofOfLife(lives, retiree, pin)).done() ? 1 : 0;
        }
    }

    /**
     * One tap as a passenger makes it: a card pulled too soon is tapped again (the validator settles the torn
     * purchase first); short of the fare, the passenger loads 50 yuan at the city's kiosk and taps again.
     */
    private TapResult ride(Validator v, City where, CardOs card) throws Exception {
        Faults faults = day.faults;
        faults.maybeTear(card);
        faults.maybePullPsam(v.psam());
        TapResult r = again(faults, () -> v.tap(card, faults));
        if (!r.open() && r.reason() != null && r.reason().startsWith("insufficient balance")
                && again(faults, () -> day.desks.topUp(where, card, 5000))) {
            day.tally.topUps++;
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

    /** A progress bar of taps and their rate: redrawn in place on a terminal, a line a tenth otherwise. */
    private void progress(int done, int total, double seconds) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        String bar = String.format("  [%s%s] %,d / %,d taps, %,.0f taps/s", "#".repeat(filled),
                " ".repeat(width - filled), done, total, done / seconds);
        if (System.console() != null) {
            day.out.print("\r" + bar + (done == total ? "\n" : ""));
        } else if (done == total || done % Math.max(1, total / 10) < Math.max(1, total / 20)) {
            day.out.println(bar);
        }
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
}
