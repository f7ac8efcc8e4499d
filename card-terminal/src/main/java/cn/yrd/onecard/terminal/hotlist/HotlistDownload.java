package cn.yrd.onecard.terminal.hotlist;

import cn.yrd.onecard.hotlist.CentreSignature;
import cn.yrd.onecard.hotlist.Hotlist;
import cn.yrd.onecard.hotlist.HotlistFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;

/**
 * A terminal brings its hotlist up to date from the centre: the delta since the version it holds (the whole list
 * the first time; a delta lists cards added and, from format version 2, cards found again to remove), accepted only if the centre's signature checks out, merged and written as a whole new list
 * under a temporary name, read back strictly, then swapped in. Anything wrong leaves the current list in place.
 * Over HTTPS the centre is who its certificate says (pki.TlsLinks): a list signed by the centre's key comes only from
 * the centre's host, so a listener on the way can neither read which cards are listed nor hold back a new list.
 */
public final class HotlistDownload {
    private final HttpClient http;
    private final URI centre;
    private final PublicKey key;

    /** From the centre at {@code centre} over plain HTTP, the list checked with the centre's {@code key}. */
    public HotlistDownload(URI centre, PublicKey key) {
        this.centre = centre;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The same over HTTPS: {@code tls} trusts the centre's certificate only ({@code TlsLinks.trusting}). */
    public HotlistDownload(URI centre, PublicKey key, SSLContext tls) {
        if (!"https".equals(centre.getScheme())) {
            throw new IllegalArgumentException("the centre's certificate is checked over HTTPS: the centre's URL "
                    + "must start with https://, got " + centre);
        }
        this.centre = centre;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(tls).build();
    }

    /** Where the centre is. */
    public URI centre() {
        return centre;
    }

    /** The list now in {@code file}, updated from the centre. */
    public Hotlist update(Path file) throws IOException, InterruptedException {
        Hotlist current = Files.exists(file) ? HotlistFile.read(file) : null;
        String query = current == null ? "" : "?since=" + current.version();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(centre.resolve("/api/v1/hotlist" + query))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("the centre answered " + r.statusCode() + " for the hotlist; the current list stays");
        }
        if (!CentreSignature.verify(r.body(), r.headers().firstValue("X-Hotlist-Signature").orElse(null), key)) {
            throw new IOException("the hotlist's signature is not the centre's; the current list stays");
        }
        List<String> lines = new String(r.body(), StandardCharsets.UTF_8).lines().toList();
        String[] header = lines.get(0).split("\\|", -1);
        TreeMap<String, String> entries = new TreeMap<>();
        String version;
        String generated;
        if (header[1].equals("HOTLIST_DELTA")) {
            if (current == null || Long.parseLong(header[3]) != current.version()) {
                throw new IOException("the centre sent a delta from version " + header[3] + ", not from ours");
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("D|")) {
                    entries.put(line.substring(2, 18), line);
                }
            }
            version = header[4];
            generated = header[5];
        } else {
            version = header[3];
            generated = header[4];
        }
        for (String line : lines) {
            if (line.startsWith("D|")) {
                entries.put(line.substring(2, Math.min(line.length(), 18)), line);
            } else if (line.startsWith("R|") && header[1].equals("HOTLIST_DELTA")) {
                entries.remove(line.substring(2, Math.min(line.length(), 18))); // found again
            }
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".part");
        Files.writeString(tmp, HotlistFile.assemble("H|HOTLIST|1|" + version + "|" + generated,
                new ArrayList<>(entries.values())), StandardCharsets.UTF_8);
        Hotlist updated = HotlistFile.read(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return updated;
    }
}
