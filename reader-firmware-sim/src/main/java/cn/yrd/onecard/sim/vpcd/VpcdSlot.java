package cn.yrd.onecard.sim.vpcd;

import cn.yrd.onecard.sim.card.CardTornException;
import cn.yrd.onecard.sim.card.SimulatedCard;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;

/**
 * A simulated card behind the real PC/SC daemon: the card side of the vsmartcard {@code vpcd} protocol.
 * The vpcd driver in {@code pcscd} listens (port 35963 for reader {@code Virtual PCD 00 00}, 35964 for
 * {@code 00 01}); a card is in that reader's field exactly while this slot holds a connection to it.
 *
 * <p>Every message either way is a 2-byte big-endian length and its bytes. From the driver, a 1-byte message
 * is power off (0), power on (1), reset (2) or get ATR (4), and only get ATR is answered; anything longer
 * is an APDU, answered with the card's response. The driver writes length and payload in two writes
 * without TCP_NODELAY, so this side re-arms {@code TCP_QUICKACK} before every read: otherwise delayed ACKs
 * cost each APDU ~44 ms instead of ~0.1 ms.
 */
public final class VpcdSlot implements AutoCloseable {
    /** The port of reader {@code Virtual PCD 00 00}; the next reader listens on the next port. */
    public static final int FIRST_PORT = 35963;
    /** pcscd polls card presence every 400 ms: an empty field must last longer for a swap to be seen. */
    private static final long EMPTY_FIELD_MS = 600;
    private static final long RECONNECT_MS = 200;
    /**
     * When each port's field last went empty, across slots: a slot opened right after another one closed on the
     * same reader must also leave the field empty long enough, or pcscd never sees the first card go.
     */
    private static final Map<Integer, Long> LAST_DROP = new ConcurrentHashMap<>();

    private final String host;
    private final int port;
    private final boolean quickAck;
    private final Thread worker;
    private final AtomicLong apdus = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private SimulatedCard card;
    private long cardGeneration;
    private Socket socket;
    private boolean closed;

    public VpcdSlot(String host, int port) {
        this(host, port, true);
    }

    /** With {@code quickAck} false, the ~44 ms delayed-ACK trap is left in place: only for measuring it. */
    public VpcdSlot(String host, int port, boolean quickAck) {
        this.host = host;
        this.port = port;
        this.quickAck = quickAck;
        this.worker = new Thread(this::run, "vpcd-" + port);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** The card side of reader {@link #readerName(int) readerName(index)} on this machine. */
    public static VpcdSlot reader(int index) {
        return new VpcdSlot("127.0.0.1", FIRST_PORT + index);
    }

    /** The name pcscd gives the vpcd reader at {@code index}, as PC/SC clients see it. */
    public static String readerName(int index) {
        return String.format("Virtual PCD 00 %02d", index);
    }

    /** Puts {@code newCard} in the field, taking away any card that was there. */
    public synchronized void present(SimulatedCard newCard) {
        dropConnection();
        card = newCard;
        cardGeneration++;
        notifyAll();
    }

    /** Takes the card out of the field. */
    public synchronized void remove() {
        dropConnection();
        card = null;
        cardGeneration++;
        notifyAll();
    }

    public synchronized SimulatedCard card() {
        return card;
    }

    /** True while the driver is connected to the card in the field. */
    public synchronized boolean isConnected() {
        return socket != null && !socket.isClosed();
    }

    /** APDUs answered so far. */
    public long apdus() {
        return apdus.get();
    }

    /** Frames that were not a control byte or an APDU and got an error answer. */
    public long malformedFrames() {
        return malformed.get();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            dropConnection();
            notifyAll();
        }
        worker.interrupt();
    }

    private void dropConnection() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
            socket = null;
        }
    }

    private void run() {
        while (true) {
            SimulatedCard c;
            long generation;
            Socket s;
            synchronized (this) {
                while (!closed && card == null) {
                    waitQuietly(0);
                }
                if (closed) {
                    return;
                }
                long empty = System.currentTimeMillis() - LAST_DROP.getOrDefault(port, 0L);
                if (empty < EMPTY_FIELD_MS) {
                    waitQuietly(EMPTY_FIELD_MS - empty);
                    continue;
                }
                c = card;
                generation = cardGeneration;
            }
            s = connect();
            if (s == null) {
                sleepQuietly(RECONNECT_MS);
                continue;
            }
            synchronized (this) {
                if (closed || cardGeneration != generation) {
                    closeQuietly(s);
                    continue;
                }
                socket = s;
            }
            try {
                serve(s, c);
            } catch (IOException e) {
                // The driver went away or the card left the field: either way, start over.
            } finally {
                closeQuietly(s);
                LAST_DROP.put(port, System.currentTimeMillis());
                synchronized (this) {
                    if (socket == s) {
                        socket = null;
                    }
                }
            }
        }
    }

    private Socket connect() {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 1000);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            return null;
        }
    }

    private void serve(Socket s, SimulatedCard c) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        boolean rearm = quickAck && s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        while (true) {
            if (rearm) {
                s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (EOFException e) {
                return;
            }
            byte[] frame = new byte[length];
            in.readFully(frame);
            if (length == 1) {
                switch (frame[0]) {
                    case 0 -> c.powerOff();
                    case 1 -> c.powerOn();
                    case 2 -> {
                        c.powerOff();
                        c.powerOn();
                    }
                    case 4 -> send(out, c.atr());
                    default -> malformed.incrementAndGet();
                }
                continue;
            }
            if (length == 0) {
                malformed.incrementAndGet();
                send(out, new byte[] {0x67, 0x00});
                continue;
            }
            byte[] response;
            try {
                response = c.transmit(frame);
            } catch (CardTornException torn) {
                synchronized (this) {
                    if (card == c) {
                        card = null;
                        cardGeneration++;
                    }
                }
                return;
            } catch (IllegalStateException notPowered) {
                response = new byte[] {0x6F, 0x00};
            }
            apdus.incrementAndGet();
            send(out, response);
        }
    }

    private static void send(OutputStream out, byte[] payload) throws IOException {
        byte[] frame = new byte[payload.length + 2];
        frame[0] = (byte) (payload.length >>> 8);
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame);
        out.flush();
    }

    private void waitQuietly(long ms) {
        try {
            wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    @Override
    public String toString() {
        return "VpcdSlot[" + host + ":" + port + "]";
    }
}
