package cn.yrd.onecard.sim.pcsc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The basic channel. Like the JDK's PC/SC channel it resends a command with the exact Le on {@code 6Cxx}
 * and fetches waiting data with GET RESPONSE on {@code 61xx}, so terminal code behaves the same on both.
 */
final class SimChannel extends CardChannel {
    private static final int MAX_GET_RESPONSES = 32;
    private final SimConnectedCard card;

    SimChannel(SimConnectedCard card) {
        this.card = card;
    }

    @Override
    public Card getCard() {
        return card;
    }

    @Override
    public int getChannelNumber() {
        return 0;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) throws CardException {
        return new ResponseAPDU(exchange(command.getBytes()));
    }

    @Override
    public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
        byte[] c = new byte[command.remaining()];
        command.get(c);
        byte[] r = exchange(c);
        if (response.remaining() < r.length) {
            throw new IllegalArgumentException("response buffer holds " + response.remaining() + " bytes, need "
                    + r.length);
        }
        response.put(r);
        return r.length;
    }

    private byte[] exchange(byte[] command) throws CardException {
        byte[] r = card.transmitRaw(command);
        if (r.length == 2 && (r[0] & 0xFF) == 0x6C && command.length >= 5) {
            byte[] again = command.clone();
            again[again.length - 1] = r[1];
            r = card.transmitRaw(again);
        }
        byte[] data = new byte[0];
        for (int i = 0; i < MAX_GET_RESPONSES && r.length >= 2 && (r[r.length - 2] & 0xFF) == 0x61; i++) {
            data = concat(data, Arrays.copyOf(r, r.length - 2));
            r = card.transmitRaw(new byte[] {command[0], (byte) 0xC0, 0x00, 0x00, r[r.length - 1]});
        }
        return data.length == 0 ? r : concat(data, r);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() throws CardException {
        throw new IllegalStateException("the basic channel cannot be closed");
    }
}
