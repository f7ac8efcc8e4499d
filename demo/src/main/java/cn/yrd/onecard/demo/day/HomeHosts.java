package cn.yrd.onecard.demo.day;

import cn.yrd.onecard.record.MedicalCare;
import cn.yrd.onecard.card.SocialSecurityCard;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.crypto.CityKeyStore;
import cn.yrd.onecard.crypto.HomeAuthorisation;
import cn.yrd.onecard.crypto.KeyPurpose;
import cn.yrd.onecard.terminal.medical.InsuredRegister;
import cn.yrd.onecard.terminal.medical.MedicalHost;
import cn.yrd.onecard.terminal.medical.MedicalPolicy;
import cn.yrd.onecard.terminal.medical.PinUnblocking;
import cn.yrd.onecard.terminal.pension.PensionHost;
import cn.yrd.onecard.terminal.pension.PensionerRegister;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every city's medical-insurance and pension host (card-terminal's own, docs/social-security.md), and its bureau's
 * side of unblocking PINs, each with its city's keys from the demo's keystore, its registers drawn up from the citizens it insures, and its log
 * beside the journals: the counters of every city ask them what a home city pays. Registers and policies are written
 * to {@code hosts/CITY/} as a city would keep them.
 *
 * <p>The registers: every citizen of a city insured, living in the next city, 300.00 yuan in the individual account; a
 * pensioner paid through the month before the first day, certified for six months, except the city's first citizen,
 * whose certification lapsed two months before the first day (paid through the month before that): refused until a
 * proof of life, then paid the months missed at once. The policy of every city: 800.00 deductible, an annual cap of
 * 10,000.00 yuan, the fund paying 90/80/70% of a ward's bill at hospitals of level one, two, three, 70/60/50% of an
 * outpatient's.
 */
public final class HomeHosts implements AutoCloseable {
    static final long DEDUCTIBLE = 80_000;
    static final long ANNUAL_CAP = 1_000_000;
    static final long ACCOUNT = 30_000;

    private final Map<City, MedicalHost> medical = new LinkedHashMap<>();
    private final Map<City, PensionHost> pension = new LinkedHashMap<>();
    private final Map<City, PinUnblocking> pins = new LinkedHashMap<>();
    private final Map<City, SocialSecurityCard> lapsed = new HashMap<>();

    /** The hosts of the 16 cities in {@code dir}, under {@code keys}, insuring {@code citizens} from {@code firstDay}. */
    public HomeHosts(Path dir, CityKeyStore keys, Clock clock, Collection<SocialSecurityCard> citizens,
            LocalDate firstDay) throws IOException {
        Map<City, List<SocialSecurityCard>> byHome = new HashMap<>();
        for (SocialSecurityCard c : citizens) {
            byHome.computeIfAbsent(c.homeCity(), h -> new ArrayList<>()).add(c);
        }
        List<City> cities = Cities.all();
        for (City city : cities) {
            Path home = Files.createDirectories(dir.resolve(city.code()));
            List<SocialSecurityCard> insured = byHome.getOrDefault(city, List.of()).stream()
                    .sorted(Comparator.comparing(SocialSecurityCard::cardNumber)).toList();
            City next = cities.get((cities.indexOf(city) + 1) % cities.size());
            Path register = home.resolve("insured.txt");
            InsuredRegister.write(register, city, insured.stream().map(c -> new InsuredRegister.Insured(
                    c.cardNumber(), InsuredRegister.Status.ACTIVE, next, ACCOUNT)).toList());
            Path policy = home.resolve("medical-policy.txt");
            policy(city, firstDay.getYear()).write(policy);
            medical.put(city, new MedicalHost(InsuredRegister.read(register), MedicalPolicy.read(policy),
                    HomeAuthorisation.medical(HomeAuthorisation.only(city, keys, KeyPurpose.MEDICAL_AUTHORISATION)),
                    home.resolve("medical-host"), clock));
            pins.put(city, new PinUnblocking(InsuredRegister.read(register), keys.key(KeyPurpose.PIN_RELOAD, city),
                    home.resolve("medical-host"), clock));

            YearMonth lastMonth = YearMonth.from(firstDay).minusMonths(1);
            List<PensionerRegister.Pensioner> pensioners = new ArrayList<>();
            for (int i = 0; i < insured.size(); i++) {
                SocialSecurityCard c = insured.get(i);
                boolean lapses = i == 0;
                if (lapses) {
                    lapsed.put(city, c);
                }
                pensioners.add(new PensionerRegister.Pensioner(c.cardNumber(), PensionerRegister.Status.ACTIVE,
                        250_000 + 10_000L * (i % 5), lapses ? lastMonth.minusMonths(1) : lastMonth,
                        lapses ? firstDay.minusMonths(2) : firstDay.plusMonths(6), cities.get(
                                Math.floorMod(cities.indexOf(city) - 1, cities.size()))));
            }
            Path pensioners1 = home.resolve("pensioners.txt");
            PensionerRegister.write(pensioners1, city, pensioners);
            pension.put(city, new PensionHost(PensionerRegister.read(pensioners1), HomeAuthorisation.pension(
                    HomeAuthorisation.only(city, keys, KeyPurpose.PENSION_AUTHORISATION)), home.resolve("pension-host"),
                    clock));
        }
    }

    private static MedicalPolicy policy(City city, int year) {
        Map<MedicalCare, Integer> ratios = new HashMap<>();
        int[] ward = {9_000, 8_000, 7_000};
        int[] outpatient = {7_000, 6_000, 5_000};
        for (MedicalCare.Level level : MedicalCare.Level.values()) {
            ratios.put(new MedicalCare(level, MedicalCare.Kind.INPATIENT), ward[level.ordinal()]);
            ratios.put(new MedicalCare(level, MedicalCare.Kind.OUTPATIENT), outpatient[level.ordinal()]);
        }
        return new MedicalPolicy(city, year, DEDUCTIBLE, ANNUAL_CAP, ratios);
    }

    public Map<City, MedicalHost> medical() {
        return medical;
    }

    public Map<City, PensionHost> pension() {
        return pension;
    }

    /** Each city's bureau's side of unblocking its cards' PINs at any counter. */
    public Map<City, PinUnblocking> pins() {
        return pins;
    }

    /** Whether {@code card} is its city's pensioner whose certification lapsed, and is still lapsed on {@code day}. */
    boolean stillLapsed(SocialSecurityCard card, LocalDate day) {
        PensionHost host = pension.get(card.homeCity());
        return card.equals(lapsed.get(card.homeCity())) && host.register().find(card.cardNumber())
                .map(p -> host.certifiedUntil(p).isBefore(day)).orElse(false);
    }

    @Override
    public void close() throws IOException {
        // The hosts' logs are closed here; servers a caller put in front of them it stops first.
        for (MedicalHost h : medical.values()) {
            h.close();
        }
        for (PensionHost h : pension.values()) {
            h.close();
        }
        for (PinUnblocking p : pins.values()) {
            p.close();
        }
    }
}
