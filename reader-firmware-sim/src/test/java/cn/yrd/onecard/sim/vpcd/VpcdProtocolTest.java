package cn.yrd.onecard.sim.vpcd;

import static cn.yrd.onecard.TestHex.hex;
import static cn.yrd.onecard.TestHex.hexOf;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yrd.onecard.sim.card.CardOs;
import cn.yrd.onecard.sim.card.Tearing;
import cn.yrd.onecard.sim.card.TestIssuer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * The vpcd wire protocol against a stand-in for the driver: what the real driver cannot be made to do on
 * demand (be absent at first, send garbage, see a card torn away).
 */
class VpcdProtocolTest {
    private final TestIssuer issuer = new TestIssuer();

    @Test
    void connectsOnceTheDriverAppearsAndAnswersControlBytesAndApdus() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        CardOs card = issuer.card("3205", "0000000000000001", 2000);
        try (VpcdSlot slot = new VpcdSlot("127.0.0.1", port)) {
            slot.present(card);
            Thread.sleep(500);
            assertThat(slot.isConnected()).as("no driver yet").isFalse();
            try (ServerSocket driver = new ServerSocket(port)) {
                driver.setSoTimeout(5000);
                try (Socket s = driver.accept()) {
                    s.setSoTimeout(5000);
                    Wire w = new Wire(s);
                    w.send(hex("04"));
                    assertThat(hexOf(w.receive())).startsWith("3B8A8001");
                    w.send(hex("01"));
                    w.send(hex("00A4040008A000000632010105"));
                    assertThat(hexOf(w.receive())).endsWith("9000");
                    w.send(new byte[0]);
                    assertThat(hexOf(w.receive())).as("empty frame").isEqualTo("6700");
                    w.send(hex("09"));
                    w.send(hex("805C"));
                    assertThat(hexOf(w.receive())).as("a 2-byte APDU").isEqualTo("6700");
                    w.send(hex("805C000204"));
                    assertThat(hexOf(w.receive())).as("still serving").isEqualTo("000007D09000");
                    assertThat(slot.malformedFrames()).isEqualTo(2);
                }
            }
        }
    }

    @Test
    void aCardTornMidCommandLeavesTheFieldAndTheDriverSeesTheConnectionClose() throws Exception {
        try (ServerSocket driver = new ServerSocket(0)) {
            driver.setSoTimeout(5000);
            CardOs card = issuer.card("3205", "0000000000000002", 2000);
            try (VpcdSlot slot = new VpcdSlot("127.0.0.1", driver.getLocalPort())) {
                slot.present(card);
                try (Socket s = driver.accept()) {
                    s.setSoTimeout(5000);
                    Wire w = new Wire(s);
                    w.send(hex("01"));
                    w.send(hex("00A4040008A000000632010105"));
                    w.receive();
                    card.plan(Tearing.beforeAnswer(1));
                    w.send(hex("805C000204"));
                    assertThat(w.in.read()).as("connection closed, no answer").isEqualTo(-1);
                }
                assertThat(slot.card()).isNull();
            }
        }
    }

    /** The driver's side of the framing. */
    private static final class Wire {
        final DataInputStream in;
        final DataOutputStream out;

        Wire(Socket s) throws IOException {
            in = new DataInputStream(s.getInputStream());
            out = new DataOutputStream(s.getOutputStream());
        }

        void send(byte[] payload) throws IOException {
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        }

        byte[] receive() throws IOException {
            byte[] b = new byte[in.readUnsignedShort()];
            in.readFully(b);
            return b;
        }
    }
}
