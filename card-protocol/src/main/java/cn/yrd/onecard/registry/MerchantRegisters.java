package cn.yrd.onecard.registry;

import cn.yrd.onecard.city.City;
import cn.yrd.onecard.registry.MerchantRegister.Merchant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The acquirers' merchant registers the centre holds, one a city at most: what clearing checks a merchant payment
 * against (whose merchant it is, its category, its fee rate). Read from a folder of register files ({@code *.txt}),
 * each checked whole; two registers of one acquirer are refused.
 */
public final class MerchantRegisters {
    private final Map<City, MerchantRegister> byAcquirer;

    private MerchantRegisters(Map<City, MerchantRegister> byAcquirer) {
        this.byAcquirer = byAcquirer;
    }

    public static MerchantRegisters of(List<MerchantRegister> registers) {
        Map<City, MerchantRegister> byAcquirer = new TreeMap<>(Comparator.comparing(City::code));
        for (MerchantRegister r : registers) {
            if (byAcquirer.putIfAbsent(r.acquirer(), r) != null) {
                throw new IllegalArgumentException("two merchant registers of " + r.acquirer());
            }
        }
        return new MerchantRegisters(byAcquirer);
    }

    /** Every {@code *.txt} of {@code dir} as a merchant register, or one line naming the file that does not read. */
    public static MerchantRegisters read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder of merchant registers");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        List<MerchantRegister> registers = new ArrayList<>();
        for (Path f : files) {
            registers.add(MerchantRegister.read(f));
        }
        try {
            return of(registers);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
    }

    /** The register of {@code acquirer}, if the centre has one. */
    public Optional<MerchantRegister> of(City acquirer) {
        return Optional.ofNullable(byAcquirer.get(acquirer));
    }

    /** The merchant {@code id} in whichever register holds it. */
    public Optional<Merchant> anywhere(String id) {
        return byAcquirer.values().stream().map(r -> r.find(id)).flatMap(Optional::stream).findFirst();
    }
}
