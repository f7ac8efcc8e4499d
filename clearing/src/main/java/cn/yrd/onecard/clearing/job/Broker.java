package cn.yrd.onecard.clearing.job;

import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

/**
 * The RabbitMQ that carries the night's partitions, as the manager and the workers see it: whether it answers, and
 * its URL as it may be shown (never with its password).
 */
public final class Broker {
    private Broker() {
    }

    /**
     * Why the broker at {@code url} does not take a connection within {@code timeoutMs}, or empty when it does. A
     * connection of its own, not the service's cached one: a cached connection may look alive to a silent network.
     */
    public static Optional<String> unreachable(String url, int timeoutMs) {
        com.rabbitmq.client.ConnectionFactory broker = new com.rabbitmq.client.ConnectionFactory();
        broker.setConnectionTimeout(timeoutMs);
        broker.setHandshakeTimeout(timeoutMs);
        try {
            broker.setUri(url);
            broker.newConnection("onecard-clear-check").close();
            return Optional.empty();
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            return Optional.of("the broker " + shown(url) + " is not an amqp:// URL: " + rootMessage(e));
        } catch (IOException | TimeoutException e) {
            return Optional.of("the broker " + shown(url) + " does not answer: " + whyNot(e));
        }
    }

    /** A broker's URL without its credentials. */
    public static String shown(String url) {
        return url.replaceFirst("//[^@/]*@", "//");
    }

    /** The first line of the root cause's message: what a command's one line says of a failure. */
    public static String rootMessage(Throwable t) {
        Throwable root = root(t);
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    /** Why the broker did not answer: a connection it closed on us has no message, only its class. */
    static String whyNot(Throwable t) {
        return root(t) instanceof java.io.EOFException ? "it closed the connection" : rootMessage(t);
    }

    private static Throwable root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * A worker's lines as its connection to the broker comes and goes: one when it is lost, one when it answers
     * again (Spring AMQP reconnects by itself; its own log, a stack trace every few seconds, is switched off).
     */
    static final class Lines implements ConnectionListener {
        private final String shown;
        private boolean lost;

        Lines(String url) {
            this.shown = shown(url);
        }

        @Override
        public synchronized void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
            if (lost) {
                lost = false;
                say("clearing worker: the broker " + shown + " answers again; taking partitions");
            }
        }

        @Override
        public synchronized void onShutDown(com.rabbitmq.client.ShutdownSignalException signal) {
            if (!signal.isInitiatedByApplication()) {
                lostBecause("its connection closed");
            }
        }

        @Override
        public synchronized void onFailed(Exception e) {
            lostBecause(whyNot(e));
        }

        private void lostBecause(String why) {
            if (!lost) {
                lost = true;
                say("clearing worker: the broker " + shown + " was lost (" + why + "); the partition running goes "
                        + "on, and partitions are taken again when it answers");
            }
        }

        private static void say(String line) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
