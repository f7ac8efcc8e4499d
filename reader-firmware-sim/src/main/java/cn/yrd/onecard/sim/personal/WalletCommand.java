package cn.yrd.onecard.sim.personal;

import cn.yrd.onecard.card.CardType;
import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./onecard sim wallet --count N --out FILE}: a personalisation file of N cards across the 16 cities,
 * every card type, one in five a citizen card, and a PSAM. The same seed gives the same file.
 */
@Command(name = "sim wallet", description = "A personalisation file of many cards across the 16 cities.")
public final class WalletCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;
    @Option(names = "--out", paramLabel = "FILE", description = "the wallet to write")
    Path out;
    @Option(paramLabel = "N", names = "--count", defaultValue = "1000",
            description = "cards (default: ${DEFAULT-VALUE})")
    int count;
    @Option(paramLabel = "N", names = "--seed", defaultValue = "1",
            description = "the draw of balances, types and people")
    long seed;
    @Option(names = "--force", description = "replace an existing FILE")
    boolean force;

    private WalletCommand() {
    }

    public static void main(String[] args) {
        Cli.exit(() -> run(args));
    }

    public static int run(String[] args) throws Exception {
        return Cli.execute(new WalletCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new UsageException("sim wallet: --out FILE is required");
        }
        Cli.range("sim wallet", "count", count, 1, 1_000_000);
        if (Files.exists(out) && !force) {
            throw new UsageException("sim wallet: " + out + " exists; add --force to replace it");
        }
        write(out, count, seed);
        System.out.printf("wrote %s: %,d cards across the 16 cities and 1 PSAM%n", out, count);
        return Cli.OK;
    }

    /** Writes (or replaces) {@code file}: {@code count} cards across the 16 cities drawn from {@code seed}. */
    public static void write(Path file, int count, long seed) throws java.io.IOException {
        JsonMapper json = JsonMapper.shared();
        ObjectNode root = json.createObjectNode();
        root.put("version", 1);
        ArrayNode cards = root.putArray("cards");
        Random random = new Random(seed);
        List<City> cities = Cities.all();
        for (int i = 0; i < count; i++) {
            City city = cities.get(i % cities.size());
            ObjectNode card = cards.addObject();
            card.put("city", city.code());
            card.put("serial", String.format("%016d", 1_000_000L + i));
            card.put("balance", 500 + random.nextInt(20_000));
            card.put("cardType", type(random).name().toLowerCase(Locale.ROOT));
            if (random.nextInt(4) == 0) {
                card.put("algorithm", "sm4");
            }
            if (i % 5 == 4) {
                ObjectNode c = card.putObject("citizen");
                c.put("identificationCode", city.code() + "00" + "D156000005" + String.format("%016X", seed * 31 + i));
                c.put("cardNumber", String.format("C%08d", i));
                c.put("socialSecurityNumber", city.code() + "01" + String.format("%012d", 195_000_000_000L + i));
                c.put("name", "居民" + (i + 1));
                c.put("sex", random.nextBoolean() ? "1" : "2");
                c.put("birthDate", LocalDate.of(1940 + random.nextInt(60), 1 + random.nextInt(12), 1).toString());
                c.put("pin", String.format("%06d", random.nextInt(1_000_000)));
            }
        }
        root.putArray("psams").addObject().put("terminalNo", "0000AB12CD34");
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** Mostly normal cards, then seniors, students and disabled riders. */
    private static CardType type(Random r) {
        int x = r.nextInt(100);
        return x < 80 ? CardType.NORMAL : x < 90 ? CardType.SENIOR : x < 97 ? CardType.STUDENT : CardType.DISABLED;
    }
}
