package cn.yrd.onecard.clearing.job;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The manager's eye on the broker while a split step waits for its workers. Spring Batch's manager, once it has sent
 * a step's requests, only polls the job repository: with the broker gone no worker can take what is queued, and the
 * manager would wait out its timeout (hours). Asked every second while a split step runs (the service's own
 * connection: open, or opened again; a silent network is found by the heartbeat), a broker that has not answered for
 * {@link #LOST_AFTER_S} seconds running fails the step: the waiting thread is interrupted, the step and the night
 * are recorded FAILED with one reason, and the rerun resumes as after any failure (partitions the workers still run
 * are awaited first). A broker lost while the requests are sent fails the send, and the step, the same way.
 */
final class BrokerWatch implements StepExecutionListener, AutoCloseable {
    /** How long the broker may not answer before the step fails: a dropped connection made again is no lost night. */
    static final int LOST_AFTER_S = 5;
    private final ConnectionFactory broker;
    private final String url;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-watch");
        t.setDaemon(true);
        return t;
    });
    private Thread waiting;
    private ScheduledFuture<?> watching;
    private int silentChecks;
    private String lost;

    BrokerWatch(ConnectionFactory broker, String url) {
        this.broker = broker;
        this.url = url;
    }

    @Override
    public synchronized void beforeStep(StepExecution step) {
        waiting = Thread.currentThread();
        silentChecks = 0;
        lost = null;
        watching = checks.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Why the broker does not answer on the service's connection, or empty when it does. */
    private Optional<String> unreachable() {
        try (Connection c = broker.createConnection()) {
            return c.isOpen() ? Optional.empty() : Optional.of("the broker " + Broker.shown(url) + " closed it");
        } catch (AmqpException e) {
            return Optional.of("the broker " + Broker.shown(url) + " does not answer: " + Broker.whyNot(e));
        }
    }

    private void check() {
        Optional<String> unreachable = unreachable();
        synchronized (this) {
            if (waiting == null || lost != null) {
                return;
            }
            silentChecks = unreachable.isPresent() ? silentChecks + 1 : 0;
            if (silentChecks >= LOST_AFTER_S) {
                lost = unreachable.get();
                waiting.interrupt(); // the manager's poll sleeps between reads of the repository: it ends there
            }
        }
    }

    @Override
    public synchronized ExitStatus afterStep(StepExecution step) {
        if (watching != null) {
            watching.cancel(false);
        }
        waiting = null;
        boolean sendFailed = step.getFailureExceptions().stream().anyMatch(BrokerWatch::fromBroker);
        if (lost == null && !sendFailed) {
            return null;
        }
        Thread.interrupted(); // an interrupt that came after the poll ended must not reach the repository's updates
        String why = lost != null ? lost : unreachable().orElse("the broker " + Broker.shown(url)
                + " refused a request");
        step.setStatus(BatchStatus.FAILED);
        step.addFailureException(new IllegalStateException("lost the broker mid-job: " + why));
        return ExitStatus.FAILED.addExitDescription("lost the broker mid-job: " + why);
    }

    /** Stops the checks' thread with the service. */
    @Override
    public void close() {
        checks.shutdownNow();
    }

    private static boolean fromBroker(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AmqpException) {
                return true;
            }
        }
        return false;
    }
}
