package cn.yrd.onecard.pki;

import cn.yrd.onecard.city.Cities;
import cn.yrd.onecard.city.City;
import cn.yrd.onecard.registry.TerminalRegistry;
import cn.yrd.onecard.cli.Cli;
import cn.yrd.onecard.cli.HelpOption;
import cn.yrd.onecard.cli.UsageException;
import cn.yrd.onecard.crypto.KeystorePassword;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./onecard pki}: the region's certificate authorities in one folder (docs/pki.md). Every subcommand but
 * {@code show} and {@code verify} opens the authorities' keystores with {@code ONECARD_KEYSTORE_PASSWORD} or {@code --password-file}
 * (no default). Exit 0 done (a certificate good), 1 a certificate refused, 2 a usage error.
 */
@Command(name = "pki", description = "The region's PKI: the city CAs, the bridge that cross-certifies them, the "
        + "certificates they issue and revoke.", subcommands = {PkiCommand.InitBridge.class, PkiCommand.InitCity.class,
            PkiCommand.CrossCertify.class, PkiCommand.Issue.class, PkiCommand.IssueRegistered.class, PkiCommand.Revoke.class, PkiCommand.Crl.class,
            PkiCommand.Show.class, PkiCommand.Sign.class, PkiCommand.Verify.class})
public final class PkiCommand {
    private final PrintStream out;
    private final Map<String, ?> properties;

    @Mixin
    HelpOption help;
    @Option(names = "--dir", defaultValue = "pki", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "the PKI's folder (default: ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "the keystores' password (or ONECARD_KEYSTORE_PASSWORD)")
    String passwordFile;

    PkiCommand(PrintStream out, Map<String, ?> properties) {
        this.out = out;
        this.properties = properties;
    }

    public static void main(String[] args) {
        Cli.exit(() -> Cli.execute(new PkiCommand(System.out, Map.of()), args));
    }

    private RegionalPki pki(String command) {
        return new RegionalPki(dir, KeystorePassword.required("pki " + command, passwordFile, properties)
                .toCharArray(), new SecureRandom());
    }

    private static City city(String command, String code) {
        return city(command, "city", code);
    }

    private static City city(String command, String option, String code) {
        if (code == null) {
            throw new UsageException("pki " + command + ": --" + option + " CODE is required");
        }
        return Cities.find(code).orElseThrow(() -> new UsageException("pki " + command + ": --" + option
                + " must be one of the 16 city codes, got '" + code + "'"));
    }

    /** Runs a step, turning a refusal of the PKI's (what exists already, what is missing) into its one line. */
    private static <T> T refusing(String command, Callable<T> step) throws Exception {
        try {
            return step.call();
        } catch (IllegalArgumentException e) {
            throw new UsageException("pki " + command + ": " + e.getMessage());
        }
    }

    @Command(name = "init-bridge", description = "The centre's bridge CA, and the region's algorithms.")
    static final class InitBridge implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;
        @Option(names = "--profile", defaultValue = "ecdsa", paramLabel = "ecdsa|sm2", description = "ECDSA P-256 "
                + "with SHA-256, or SM2 with SM3 (GM/T 0015), for every authority of the region (default: "
                + "${DEFAULT-VALUE})")
        String profile;

        @Override
        public Integer call() throws Exception {
            Profile chosen = Profile.named(profile).orElseThrow(() -> new UsageException("pki init-bridge: --profile "
                    + "must be ecdsa or sm2, got '" + profile + "'"));
            return refusing("init-bridge", () -> {
                X509Certificate cert = pki.pki("init-bridge").initBridge(chosen);
                pki.out.println("bridge CA " + cert.getSubjectX500Principal().getName() + " (" + chosen.label()
                        + ") in " + pki.dir);
                return Cli.OK;
            });
        }
    }

    /** A subcommand about one city's CA: {@code --city CODE}. */
    abstract static class OfCity {
        @ParentCommand
        PkiCommand pki;
        @Option(names = "--city", paramLabel = "CODE", description = "the city")
        String city;
    }

    @Command(name = "init-city", description = "A city's CA.")
    static final class InitCity extends OfCity implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            City c = city("init-city", city);
            return refusing("init-city", () -> {
                X509Certificate cert = pki.pki("init-city").initCity(c);
                pki.out.println("CA of " + c + ": " + cert.getSubjectX500Principal().getName());
                return Cli.OK;
            });
        }
    }

    @Command(name = "cross-certify", description = "The bridge and a city's CA certify each other's key.")
    static final class CrossCertify extends OfCity implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            City c = city("cross-certify", city);
            return refusing("cross-certify", () -> {
                pki.pki("cross-certify").crossCertify(c);
                pki.out.println("the bridge and the CA of " + c + " cross-certified: " + pki.dir.resolve("cross"));
                return Cli.OK;
            });
        }
    }

    @Command(name = "issue", description = "A key and certificate for a terminal, kiosk, sender, service or load host.")
    static final class Issue extends OfCity implements Callable<Integer> {
        @Option(names = "--role", paramLabel = "ROLE", description = "terminal, kiosk, sender, service or load-host")
        String role;
        @Option(names = "--name", paramLabel = "NAME", description = "the holder: a terminal number, a sender ID, ...")
        String name;
        @Option(names = "--days", defaultValue = "365", paramLabel = "N", description = "valid for N days "
                + "(default: ${DEFAULT-VALUE})")
        long days;
        @Option(names = "--host", paramLabel = "NAME|IP", description = "a name or address a service or load host "
                + "answers on (repeat for more); browsers check it")
        List<String> hosts = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            // The centre's own services hold certificates of the bridge: --city centre.
            boolean centre = RelyingParty.CENTRE_NAME.equals(city);
            City c = centre ? null : city("issue", city);
            Role r = Role.issued(role == null ? "" : role).orElseThrow(() -> new UsageException("pki issue: --role "
                    + "must be terminal, kiosk, sender, service or load-host, got '" + role + "'"));
            if (centre && r != Role.SERVICE) {
                throw new UsageException("pki issue: the centre holds service certificates only, got --role " + role);
            }
            if (name == null) {
                throw new UsageException("pki issue: --name NAME is required");
            }
            int valid = (int) Cli.range("pki issue", "days", days, 1, 3660);
            return refusing("issue", () -> {
                X509Certificate cert = centre ? pki.pki("issue").issueForCentre(name, valid, hosts.toArray(String[]::new))
                        : pki.pki("issue").issue(c, r, name, valid, hosts);
                pki.out.println("issued " + cert.getSubjectX500Principal().getName() + " serial "
                        + cert.getSerialNumber().toString(16) + " until " + cert.getNotAfter().toInstant() + ": "
                        + pki.dir.resolve("issued/" + (centre ? city : c.code()) + "/" + name + ".p12"));
                return Cli.OK;
            });
        }
    }

    @Command(name = "issue-registered", description = "Certificates for a city's registered terminals or kiosks, in "
            + "bulk from the terminal registry: one per terminal number, each from its own public key (--keys) or a "
            + "key made here.")
    static final class IssueRegistered extends OfCity implements Callable<Integer> {
        @Option(names = "--registry", paramLabel = "FILE", description = "the centre's terminal registry "
                + "(docs/formats.md)")
        Path registry;
        @Option(names = "--role", defaultValue = "terminal", paramLabel = "terminal|kiosk",
                description = "(default: ${DEFAULT-VALUE})")
        String role;
        @Option(names = "--sender", paramLabel = "ID", description = "only the terminals whose records this sender "
                + "sends (a city's kiosks: KIOSK3205)")
        String sender;
        @Option(names = "--keys", paramLabel = "DIR", description = "each terminal's public key, made on it: "
                + "DIR/TERMINAL_NO.pub (PEM); without it each key is made here, in issued/CODE/TERMINAL_NO.p12")
        Path keys;
        @Option(names = "--days", defaultValue = "365", paramLabel = "N", description = "valid for N days "
                + "(default: ${DEFAULT-VALUE})")
        long days;

        @Override
        public Integer call() throws Exception {
            City c = city("issue-registered", city);
            Role r = Role.issued(role).filter(x -> x == Role.TERMINAL || x == Role.KIOSK).orElseThrow(() ->
                    new UsageException("pki issue-registered: --role must be terminal or kiosk, got '" + role + "'"));
            if (registry == null) {
                throw new UsageException("pki issue-registered: --registry FILE (the terminal registry) is required");
            }
            if (keys != null && !Files.isDirectory(keys)) {
                throw new UsageException("pki issue-registered: --keys " + keys + " is not a folder");
            }
            int valid = (int) Cli.range("pki issue-registered", "days", days, 1, 3660);
            TerminalRegistry register;
            try {
                register = TerminalRegistry.read(registry);
            } catch (java.io.IOException e) {
                throw new UsageException("pki issue-registered: " + e.getMessage());
            }
            List<TerminalRegistry.Terminal> terminals = register.of(c).stream()
                    .filter(t -> sender == null || sender.equals(t.senderId())).toList();
            if (terminals.isEmpty()) {
                throw new UsageException("pki issue-registered: the registry lists no terminal of " + c
                        + (sender == null ? "" : " sent by " + sender));
            }
            return refusing("issue-registered", () -> {
                long started = System.nanoTime();
                int issued = pki.pki("issue-registered").issueRegistered(c, r, terminals, Optional.ofNullable(keys),
                        valid);
                pki.out.printf("%,d %s certificates issued for %s's registered terminals (%,d already had one) in "
                        + "%.1f s: %s%n", issued, r.label(), c, terminals.size() - issued,
                        (System.nanoTime() - started) / 1e9, pki.dir.resolve("issued/" + c.code()));
                return Cli.OK;
            });
        }
    }

    @Command(name = "revoke", description = "Revokes a certificate the city (or the bridge) issued; its next CRL "
            + "lists it.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;
        @Option(names = "--issuer", paramLabel = "CODE|bridge", description = "the city that issued it, or bridge")
        String issuer;
        @Option(names = "--serial", paramLabel = "HEX", description = "the certificate's serial")
        String serial;

        @Override
        public Integer call() throws Exception {
            String by = issuer("revoke", issuer);
            if (serial == null || !serial.matches("[0-9a-fA-F]{1,40}")) {
                throw new UsageException("pki revoke: --serial must be the certificate's serial in hex, got '" + serial
                        + "'");
            }
            return refusing("revoke", () -> {
                String subject = pki.pki("revoke").revoke(by, new BigInteger(serial, 16));
                pki.out.println("revoked " + subject + " (serial " + serial.toLowerCase() + "); publish it: pki crl "
                        + "--issuer " + by);
                return Cli.OK;
            });
        }
    }

    @Command(name = "crl", description = "An authority's CRL of what it revoked.")
    static final class Crl implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;
        @Option(names = "--issuer", paramLabel = "CODE|bridge", description = "a city, or bridge")
        String issuer;
        @Option(names = "--days", defaultValue = "7", paramLabel = "N", description = "until the next CRL "
                + "(default: ${DEFAULT-VALUE})")
        long days;

        @Override
        public Integer call() throws Exception {
            String by = issuer("crl", issuer);
            int valid = (int) Cli.range("pki crl", "days", days, 1, 31);
            return refusing("crl", () -> {
                X509CRL crl = pki.pki("crl").crl(by, valid);
                pki.out.println("CRL of " + crl.getIssuerX500Principal().getName() + ": "
                        + (crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size())
                        + " revoked, next update " + crl.getNextUpdate().toInstant() + ", " + crl.getEncoded().length
                        + " bytes: " + pki.dir.resolve("crl/" + by + ".crl"));
                return Cli.OK;
            });
        }
    }

    @Command(name = "show", description = "What a certificate says.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;
        @Parameters(paramLabel = "FILE", description = "a certificate (PEM or DER)")
        Path file;

        @Override
        public Integer call() throws Exception {
            X509Certificate cert = certificate("show", file);
            pki.out.println("subject  " + cert.getSubjectX500Principal().getName());
            pki.out.println("issuer   " + cert.getIssuerX500Principal().getName());
            pki.out.println("serial   " + cert.getSerialNumber().toString(16));
            pki.out.println("valid    " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant());
            pki.out.println("key      " + cert.getPublicKey().getAlgorithm() + ", signed " + cert.getSigAlgName()
                    + (cert.getBasicConstraints() >= 0 ? ", a CA" : ""));
            return Cli.OK;
        }
    }

    @Command(name = "sign", description = "Signs a file with a holder's key: FILE.p7s beside it (CMS, detached).")
    static final class Sign implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;
        @Parameters(paramLabel = "FILE", description = "the file to sign")
        Path file;
        @Option(names = "--key", paramLabel = "HOLDER.p12", description = "the signer's keystore (pki issue wrote it)")
        Path key;

        @Override
        public Integer call() throws Exception {
            if (key == null || !Files.isRegularFile(key)) {
                throw new UsageException("pki sign: --key must be the signer's keystore, got '" + key + "'");
            }
            return refusing("sign", () -> {
                Path signature = pki.pki("sign").sign(file, key);
                pki.out.println("signed " + file + ": " + signature);
                return Cli.OK;
            });
        }
    }

    @Command(name = "verify", description = "Whether a certificate, or a signed file (FILE.p7s beside it), is good "
            + "for a relying party of a city; exit 1 with what is wrong when not.")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        PkiCommand pki;
        @Parameters(paramLabel = "FILE", description = "a certificate (PEM or DER), or a signed file")
        Path file;
        @Option(names = "--as", paramLabel = "CODE|centre", description = "the relying party: a city (its CA is the "
                + "trust anchor) or the centre (the bridge is)")
        String as;
        @Option(names = "--city", paramLabel = "CODE", description = "the city the holder must belong to")
        String city;
        @Option(names = "--role", paramLabel = "ROLE", description = "the role the holder must have")
        String role;
        @Option(names = "--at", paramLabel = "YYYY-MM-DDTHH:MM", description = "check at this local time (default: "
                + "now)")
        String at;

        @Override
        public Integer call() throws Exception {
            if (file == null || !Files.isRegularFile(file)) {
                throw new UsageException("pki verify: " + file + " is not a file");
            }
            X509Certificate cert;
            try {
                cert = RegionalPki.read(file);
            } catch (IOException notACertificate) {
                cert = null; // a signed file
            }
            if (as == null) {
                throw new UsageException("pki verify: --as CODE|centre is required");
            }
            RelyingParty relying = RelyingParty.named(as).orElseThrow(() -> new UsageException("pki verify: --as must "
                    + "be one of the 16 city codes or centre, got '" + as + "'"));
            Optional<City> holder = city == null ? Optional.empty() : Optional.of(city("verify", city));
            Optional<Role> holderRole = role == null ? Optional.empty() : Optional.of(Role.issued(role).orElseThrow(
                    () -> new UsageException("pki verify: --role must be terminal, kiosk, sender, service or "
                            + "load-host, got '" + role + "'")));
            Instant when;
            try {
                when = at == null ? Instant.now() : LocalDateTime.parse(at).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException("pki verify: --at must be YYYY-MM-DDTHH:MM, got '" + at + "'");
            }
            X509Certificate certificate = cert;
            // A relying party reads certificates and CRLs only: no keystore, so no password.
            RegionalPki relyingOn = RegionalPki.relyingOn(pki.dir);
            RegionalPki.Verdict v = refusing("verify", () -> certificate != null
                    ? relyingOn.verify(certificate, relying, holder, holderRole, when)
                    : relyingOn.verifySigned(file, relying, holder, holderRole, when));
            if (!v.good()) {
                pki.out.println(file + ": refused: " + v.why());
                return Cli.FAILED;
            }
            pki.out.println(file + ": good for " + relying + (cert == null ? ", signed by " : ": ")
                    + String.join(" <- ", v.path()));
            return Cli.OK;
        }
    }

    private static String issuer(String command, String issuer) {
        if (RegionalPki.BRIDGE.equals(issuer)) {
            return issuer;
        }
        return city(command, "issuer", issuer).code();
    }

    private static X509Certificate certificate(String command, Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new UsageException("pki " + command + ": " + file + " is not a file");
        }
        try {
            return RegionalPki.read(file);
        } catch (IOException e) {
            throw new UsageException("pki " + command + ": " + e.getMessage());
        }
    }
}
