package cn.yrd.onecard.purse;

import cn.yrd.onecard.apdu.Tlv;
import cn.yrd.onecard.card.ManagementInfo;
import cn.yrd.onecard.card.MetroState;
import cn.yrd.onecard.card.PublicInfo;
import cn.yrd.onecard.iso.Select;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The purse's answer to SELECT: the FCI ({@code 6F}) with its AID, label, and in {@code 9F0C} file 0x15 as every
 * card of the profile sends it. Our cards also send, in the FCI's issuer discretionary data ({@code BF0C}), file
 * 0x17 ({@code DF17}) and the 0x1A record ({@code DF1A}): the two a tap reads before it can price, so a tap pays
 * for neither READ's round trip. A card without them (other issuers' real cards) is read with READ BINARY and READ
 * RECORD as before: the terminal takes either.
 *
 * @param management file 0x17, when the card sent it
 * @param metro the 0x1A record, when the card sent it
 */
public record PurseFci(PublicInfo info, Optional<ManagementInfo> management, Optional<MetroState> metro) {
    static final int DISCRETIONARY_DATA = 0xBF0C;
    static final int MANAGEMENT_INFO = 0xDF17;
    static final int METRO_STATE = 0xDF1A;
    private static final int PUBLIC_INFO = 0x9F0C;
    private static final int MAX_SHORT_ANSWER = 256;

    /**
     * The card's side: the FCI of a purse holding these files (their bytes as stored). 0x17 and 0x1A go without their
     * trailing zero bytes (both end in reserved zeros: 11 and about 53 bytes cross instead of 60 and 128), so the FCI
     * stays a short answer (at most 256 bytes); one that would not fit leaves them out.
     */
    public static byte[] encode(String label, byte[] publicInfo, byte[] management, byte[] metro) {
        byte[] withBoth = fci(label, publicInfo, Tlv.constructed(DISCRETIONARY_DATA,
                Tlv.of(MANAGEMENT_INFO, withoutTrailingZeros(management)),
                Tlv.of(METRO_STATE, withoutTrailingZeros(metro))));
        return withBoth.length <= MAX_SHORT_ANSWER ? withBoth : encode(label, publicInfo);
    }

    /** The FCI as the profile has it, 0x15 alone (other issuers' cards): the terminal reads 0x17 and 0x1A itself. */
    public static byte[] encode(String label, byte[] publicInfo) {
        return fci(label, publicInfo);
    }

    private static byte[] fci(String label, byte[] publicInfo, Tlv... discretionary) {
        List<Tlv> proprietary = new ArrayList<>(List.of(
                Tlv.of(0x50, label.getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(0x87, new byte[] {0x01}),
                Tlv.of(0x9F08, new byte[] {0x02}),
                Tlv.of(PUBLIC_INFO, publicInfo)));
        proprietary.addAll(List.of(discretionary));
        return Tlv.constructed(0x6F, Tlv.of(0x84, Select.TRANSIT_PURSE.id()),
                Tlv.constructed(0xA5, proprietary.toArray(Tlv[]::new))).encode();
    }

    private static byte[] withoutTrailingZeros(byte[] file) {
        int n = file.length;
        while (n > 0 && file[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(file, n);
    }

    /**
     * The terminal reading the FCI.
     *
     * @throws IllegalArgumentException not an FCI, or without 9F0C (the card is not of this profile)
     * @throws cn.yrd.onecard.card.CardFileException a file inside it is malformed
     */
    public static PurseFci parse(byte[] fci) {
        Tlv root = Tlv.parse(fci);
        byte[] info = root.find(PUBLIC_INFO)
                .orElseThrow(() -> new IllegalArgumentException("no 9F0C (file 0x15) in the FCI")).value();
        return new PurseFci(PublicInfo.decode(info),
                root.find(MANAGEMENT_INFO).map(t -> ManagementInfo.decode(zerosRestored(t, ManagementInfo.LENGTH))),
                root.find(METRO_STATE).map(t -> MetroState.decode(zerosRestored(t, MetroState.LENGTH))));
    }

    /** The file's bytes: the FCI's, then zeros up to its length (a longer value is left so, for decode to refuse). */
    private static byte[] zerosRestored(Tlv file, int length) {
        byte[] sent = file.value();
        return sent.length >= length ? sent : Arrays.copyOf(sent, length);
    }
}
