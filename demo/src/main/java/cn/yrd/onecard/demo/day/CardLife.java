package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.money.Fen;
import cn.yrd.onecard.privacy.Mask;
import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.CardSpec;
import cn.yrd.onecard.sim.card.SimCards;
import cn.yrd.onecard.terminal.counter.Replacement;
import cn.yrd.onecard.terminal.gate.TapResult;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run of several business days ({@code demo --days N}, the last one today) and the life of the cards lost on its
 * first (docs/demo.md, "Several days"). The centre's settlement service is up for the counters. The morning after the
 * first night, the centre lists the card lost at noon and three cards lost that evening (backdated to when they were
 * lost, as a counter enters a holder's report; a citizen card at a counter of the next city, which checks its holder's
 * PIN against the issuer's register of holders), and every validator takes its list; the citizen card is found again
 * that morning, taken off the list (a delta every validator merges) and rides. On the last day another is replaced at
 * the counter of the next city, its money loaded onto the new card through its issuer's load host, and is refused at
 * its next tap; the third is refunded to its holder's bank card, paid by that night's instructions. Each is checked
 * against what the detail files say the card held, apart from the centre's own figures.
 */
final class CardLife implements Day.Stage, AutoCloseable {
    /** The centre takes a listing backdated a week at most: the first day's losses are listed the next morning. */
    static final int MAX_DAYS = 7;
    /** How long the demo's cities wait from a listing to a refund or replacement: its nights are minutes apart. */
    static final Duration WAITING = Duration.ofHours(1);

    private final Centre centre;
    private final LocalDate first;
    private final LocalDate last;
    private final long seed;
    private final Map<City, CardSpec> blanks = new HashMap<>();
    private final Set<String> moneyLeft = new HashSet<>();
    private final Map<LocalDate, Map<String, Long>> owed = new HashMap<>();
    private final List<String> story = new ArrayList<>();

    private CardOs replaced;
    private CardOs refunded;
    private CardOs found;
    /** The morning the found card came off the list: listed first, off after, then how its ride went. */
    private boolean foundListed;
    private boolean foundLifted;
    private TapResult foundRode;
    private long heldByReplaced;
    private Replacement.Outcome replacement;
    private TapResult replacedTapped;
    private long replacedBefore;
    private long replacedAfter;
    private long heldByRefunded;
    private long refundPaid;
    private String bankCard;

    private CardLife(Centre centre, LocalDate first, int days, long seed) {
        this.centre = centre;
        this.first = first;
        this.last = first.plusDays(days - 1);
        this.seed = seed;
    }

    /** Starts the centre's service for a run of {@code days} from {@code first}. */
    static CardLife start(Services services, Path outDir, long seed, LocalDate first, int days, PrintStream out)
            throws Exception {
        long started = System.nanoTime();
        Centre centre = Centre.start(services, outDir, seed);
        out.printf("the centre's settlement service is up for the counters (%.1f s)%n",
                (System.nanoTime() - started) / 1e9);
        return new CardLife(centre, first, days, seed);
    }

    /**
     * The environment of the services of a run of several days: every city waits {@link #WAITING} from a listing to a
     * refund or replacement, and the centre trusts the demo's city app key for holders' tokens.
     */
    static Map<String, String> centreEnvironment(Map<String, String> env, Path outDir) {
        Map<String, String> withCentre = new HashMap<>(env);
        for (City city : Cities.all()) {
            withCentre.put("ONECARD_CARDS_WAITING_PERIOD_" + city.code(), WAITING.toString());
        }
        withCentre.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION",
                "file:" + Centre.cityAppKey(outDir));
        return withCentre;
    }

    boolean isFirst(Day day) {
        return day.date.equals(first);
    }

    boolean isLast(Day day) {
        return day.date.equals(last);
    }

    /** The blank cards the counters issue replacements on, one per city. */
    void blanks(List<CardSpec> specs) {
        specs.forEach(spec -> blanks.put(spec.city(), spec));
    }

    /** Whether {@code card}'s money left it at a counter: it holds nothing its issuer owes. */
    boolean moneyLeft(String card) {
        return moneyLeft.contains(card);
    }

    /** What a counter of another city moved today, by city: its issuer owes (-), the counter's city is owed (+). */
    Map<String, Long> owedBetweenCities(Day day) {
        return owed.getOrDefault(day.date, Map.of());
    }

    /** Clearing's folders of every night so far. */
    Path[] nights(Path outbox, Day day) {
        return Stream.iterate(first, d -> !d.isAfter(day.date), d -> d.plusDays(1))
                .map(d -> outbox.resolve(d.toString())).toArray(Path[]::new);
    }

    /** The morning's counter business, before the first bus. */
    @Override
    public void run(Day day) throws Exception {
        if (isFirst(day)) {
            return;
        }
        day.clock.set(RideStage.startOfDay(day));
        int told = story.size();
        Path hotlist = day.outDir().resolve("hotlist-centre.txt");
        if (day.date.equals(first.plusDays(1))) {
            listTheFirstDaysLosses(day, hotlist);
        } else {
            takeTheList(day, hotlist);
        }
        day.hotlist = hotlist;
        if (isLast(day)) {
            replace(day);
            refund(day);
        }
        day.stages.done("counters", told == story.size() ? "every validator took the centre's list"
                : String.join("; ", story.subList(told, story.size())));
    }

    /**
     * The first day's losses reach the centre: the card lost at noon, and three cards that rode that day lost in the
     * evening; every validator takes the list. One of them is found again: off the list, and it rides.
     */
    private void listTheFirstDaysLosses(Day day, Path hotlist) throws Exception {
        CardOs noon = day.lostTheDayBefore.card();
        ClearedDetail night = ClearedDetail.read(nights(day.outbox, day)[0]);
        Map<String, Long> held = night.lastBalance();
        Set<String> suspended = night.suspendedCards();
        java.util.function.Predicate<CardOs> lost = c -> c != noon && held.getOrDefault(day.serial(c), 0L) >= 100
                && !suspended.contains(day.serial(c));
        List<CardOs> chosen = day.issued.stream().filter(lost.and(c -> day.specs.get(c).citizen() == null)).limit(2)
                .toList();
        CardOs citizen = day.issued.stream().filter(lost.and(c -> day.specs.get(c).citizen() != null)).findFirst()
                .orElse(null);
        if (chosen.size() < 2 || citizen == null) {
            throw new IllegalStateException("the first day left too few cards with money on them to lose");
        }
        replaced = chosen.get(0);
        refunded = chosen.get(1);
        found = citizen;
        centre.report(day.serial(noon), day.lostTheDayBefore.listedAt());
        LocalDateTime evening = first.atTime(22, 0);
        centre.report(day.serial(replaced), evening);
        centre.report(day.serial(refunded), evening);
        // The citizen card's holder reports it at a counter of the next city, which checks their PIN against the
        // register the card's city keeps of its holders.
        CardSpec.Citizen holder = day.specs.get(found).citizen();
        centre.registerHolder(day.home(found), day.serial(found), holder.pin(), holder.person().socialSecurityNumber(),
                day.outDir());
        centre.reportAtCounter(next(day.home(found)), day.serial(found), evening, holder.pin());
        day.outOfHand.addAll(List.of(noon, replaced, refunded, found));
        foundListed = takeTheList(day, hotlist).contains(day.specs.get(found).serial());
        centre.found(day.serial(found));
        foundLifted = !takeTheList(day, hotlist).contains(day.specs.get(found).serial());
        day.outOfHand.remove(found);
        foundRode = day.validators.get(day.home(found)).tap(found, day.faults);
        day.tally.count(foundRode);
        story.add("citizen card " + masked(day, found) + ", reported lost at a counter of " + next(day.home(found))
                .nameEn() + " after its PIN was checked, was found: off the list, it "
                + (foundRode.open() ? "rode at home" : "was refused at home (" + foundRode.reason() + ")"));
    }

    /** Every validator takes the centre's list now (the whole list the first time, a delta after). */
    private Hotlist takeTheList(Day day, Path hotlist) throws Exception {
        Hotlist list = centre.hotlist(hotlist);
        day.validators.values().forEach(v -> v.gate().hotlist(list));
        day.metro.values().forEach(gates -> gates.forEach(v -> v.gate().hotlist(list)));
        return list;
    }

    /**
     * The card lost on the first evening, replaced at the next city's counter on a blank card of that city: the centre
     * says what it held, the counter loads it; then the old card turns up at its own city's bus.
     */
    private void replace(Day day) throws Exception {
        City home = day.home(replaced);
        City counter = next(home);
        CardSpec blank = blanks.get(counter);
        CardSpec spec = new CardSpec(blank.city(), blank.cardType(), blank.appSerial(), blank.startDate(),
                blank.expiryDate(), blank.holder(), 0, blank.keys(), blank.citizen());
        CardOs fresh = SimCards.issue(spec, new Random(seed));
        day.issued.add(fresh);
        day.specs.put(fresh, spec);
        day.issuedBalance.put(day.serial(fresh), 0L);
        String old = day.serial(replaced);
        heldByReplaced = lastAccepted(day, old);
        replacement = day.desks.replace(counter, centre.counter(counter, old), fresh, day.specs.get(replaced).serial());
        moneyLeft.add(old);
        owed.computeIfAbsent(day.date, d -> new TreeMap<>()).merge(home.code(), -replacement.moved(), Math::addExact);
        owed.get(day.date).merge(counter.code(), replacement.moved(), Math::addExact);
        replacedBefore = SimCards.balance(replaced);
        replacedTapped = day.validators.get(home).tap(replaced, day.faults);
        day.tally.count(replacedTapped);
        replacedAfter = SimCards.balance(replaced);
        story.add("card " + masked(day, replaced) + " of " + home.nameEn() + " was replaced at a counter of "
                + counter.nameEn() + " by " + masked(day, fresh) + ": " + Fen.asYuan(replacement.moved())
                + " yuan moved onto it; the old card, at its own city's bus, was "
                + (replacedTapped.open() ? "let through" : "refused (" + replacedTapped.reason() + ")"));
    }

    /** The card lost on the first evening and not found, refunded at its own city's counter to the holder's bank card. */
    private void refund(Day day) throws Exception {
        String card = day.serial(refunded);
        heldByRefunded = lastAccepted(day, card);
        bankCard = bankCard(new Random(seed));
        refundPaid = centre.refund(card, day.home(refunded), bankCard);
        moneyLeft.add(card);
        story.add("card " + masked(day, refunded) + " was refunded: " + Fen.asYuan(refundPaid) + " yuan to bank card "
                + Mask.account(bankCard) + " with tonight's instructions");
    }

    /** What {@code card} held after its last accepted record, as clearing's detail files of the nights so far say. */
    private long lastAccepted(Day day, String card) throws Exception {
        Path[] before = nights(day.outbox, day);
        Long held = ClearedDetail.read(Arrays.copyOf(before, before.length - 1)).lastBalance().get(card);
        if (held == null) {
            throw new IllegalStateException("card " + Mask.serial(card) + " has no accepted record to take its balance "
                    + "from");
        }
        return held;
    }

    /** The day's promises about the counters' cards, once the night settled and the bank confirmed. */
    void check(Day day, Invariants check) throws Exception {
        if (day.date.equals(first.plusDays(1))) {
            check.that("the card found again came off the centre's list, every validator merged the delta, and it "
                    + "rode", foundListed && foundLifted && foundRode.open() ? List.of()
                            : List.of("listed " + foundListed + ", lifted " + foundLifted + ", " + foundRode));
        }
        if (!isLast(day)) {
            return;
        }
        List<String> moved = new ArrayList<>();
        if (replacement.moved() != heldByReplaced || replacement.balance() != heldByReplaced) {
            moved.add("its last accepted record left " + heldByReplaced + " fen; the centre moved "
                    + replacement.moved() + ", the new card holds " + replacement.balance());
        }
        check.that("the replaced card's money, as its last accepted record left it, is on the new card",
                moved);
        check.that("the replaced card is refused at its next tap, and nothing is taken from it",
                !replacedTapped.open() && replacedBefore == replacedAfter ? List.of()
                        : List.of(replacedTapped + ", " + replacedBefore + " -> " + replacedAfter + " fen"));
        check.that("the refunded card's money, as its last accepted record left it, is instructed once to the holder's "
                + "bank card, and the bank paid it", refundInstructed(day));
    }

    private List<String> refundInstructed(Day day) throws Exception {
        List<String> wrong = new ArrayList<>();
        if (refundPaid != heldByRefunded) {
            wrong.add("its last accepted record left " + heldByRefunded + " fen; the centre refunded " + refundPaid);
        }
        wrong.addAll(refundInstructed(day.outbox.resolve(day.date + "/settlement-instructions.txt"), day.bank,
                day.home(refunded).code(), bankCard, heldByRefunded));
        return wrong;
    }

    /**
     * What is wrong with the day's refunds to holders' bank cards: the {@code instructions} must hold one, from
     * {@code issuer} to {@code bankCard} for {@code held} fen, and the bank's {@code confirmation} must say it paid it.
     */
    static List<String> refundInstructed(Path instructions, Path confirmation, String issuer, String bankCard,
            long held) throws Exception {
        List<String> lines = Files.readAllLines(instructions, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("I|RFD-")).toList();
        List<String> wrong = new ArrayList<>();
        if (lines.size() != 1 || !lines.get(0).matches("I\\|RFD-[0-9]{8}-" + issuer + "-001\\|" + issuer + "\\|"
                + bankCard + "\\|" + held)) {
            wrong.add("the refund lines: " + lines.stream().map(l -> l.replace(bankCard, Mask.account(bankCard)))
                    .toList());
        } else {
            String reference = lines.get(0).split("\\|")[1];
            if (Files.readAllLines(confirmation, StandardCharsets.UTF_8).stream().noneMatch(l -> l.startsWith("C|"
                    + reference + "|" + issuer + "|" + bankCard + "|" + held + "|"))) {
                wrong.add("the bank did not confirm " + reference);
            }
        }
        return wrong;
    }

    /** The run's story in a few lines. */
    String story() {
        return "the counters: " + String.join("; ", story);
    }

    private static City next(City city) {
        List<City> all = Cities.all();
        return all.get((all.indexOf(city) + 1) % all.size());
    }

    private static String masked(Day day, CardOs card) {
        return Mask.serial(day.serial(card));
    }

    /** A holder's bank card number: UnionPay's 622202, twelve digits, and the Luhn check digit. */
    static String bankCard(Random random) {
        StringBuilder digits = new StringBuilder("622202");
        for (int i = 0; i < 12; i++) {
            digits.append(random.nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            // From the right of the number with its check digit: every second digit, starting with this last one.
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }
        return digits.append((10 - sum % 10) % 10).toString();
    }

    @Override
    public void close() throws InterruptedException {
        centre.close();
    }
}
