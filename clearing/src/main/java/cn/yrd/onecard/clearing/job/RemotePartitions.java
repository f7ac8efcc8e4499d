package cn.yrd.onecard.clearing.job;

import java.time.Duration;
import java.util.List;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The night over several machines (issue 21, docs/scale.md): Spring Batch Integration's remote partitioning over
 * RabbitMQ. The manager ({@code clear --broker URL}) splits the load and card-history steps as a single JVM does and
 * sends each partition's request to a durable queue; any number of workers ({@code clear worker --broker URL}) take
 * them one at a time and run the same tasklets on the shared job repository, which the manager reads each time a worker
 * says on the broker that it recorded a partition's end ({@link PartitionEnds}). A request is
 * acknowledged only once its partition is recorded: a worker killed mid-partition leaves it unacknowledged, the broker
 * hands it to another worker, and the partition's one transaction, rolled back with the dead worker, runs whole again.
 */
@Configuration
@EnableIntegration
@Profile({RemotePartitions.MANAGER, RemotePartitions.WORKER})
public class RemotePartitions {
    /** The profile of {@code clear --broker}: the job runs here, its partitions on the workers. */
    public static final String MANAGER = "partitions-manager";
    /** The profile of {@code clear worker}: partitions only. */
    public static final String WORKER = "partitions-worker";
    /**
     * The pause between the manager's reads of the job repository for its partitions' end; each read also waits for a
     * worker to say one ended ({@link PartitionEnds}).
     */
    private static final long POLL_MS = 10;
    /** How long the manager waits for the workers to finish a step's partitions before the step fails. */
    private static final long WORKERS_TIMEOUT_MS = Duration.ofHours(2).toMillis();
    /** Partitions of a step: as many as the manager's machine has cores, as in a single JVM (the same files). */
    private static final int PARTITIONS = Runtime.getRuntime().availableProcessors();
    /**
     * Card-history partitions: four groups of four cities, not a partition a city, each of which cost a request and a
     * step execution read and written on a worker: at a million records the workers' better night went from 22.2-22.4 s
     * to 21.2-21.3 s (docs/scale.md). Four give each of two workers two, and a few workers one each. (Eight pairs
     * balanced the two workers better but were no faster over ten runs, 2026-12-07.)
     */
    private static final int HISTORY_PARTITIONS = 4;

    /**
     * The queues of the night on this database: {@code onecard.clearing.<schema>.loadFile} and {@code …cardHistoryOf},
     * and the exchange of its partitions' ends, {@code …partitionEnds}. A request names step executions by number only,
     * so one broker carrying the nights of several databases (a region's and its rehearsal's, or tests') keeps each
     * database's requests to the workers of that database, and its workers' words to its manager.
     */
    record Queues(String load, String history, String ends) {
        static Queues of(JdbcTemplate jdbc) {
            String prefix = "onecard.clearing." + jdbc.queryForObject("SELECT DATABASE()", String.class) + ".";
            return new Queues(prefix + "loadFile", prefix + "cardHistoryOf", prefix + "partitionEnds");
        }
    }

    @Bean
    Queues partitionQueues(JdbcTemplate jdbc) {
        return Queues.of(jdbc);
    }

    @Bean
    Queue loadQueue(Queues queues) {
        return QueueBuilder.durable(queues.load()).build();
    }

    @Bean
    Queue historyQueue(Queues queues) {
        return QueueBuilder.durable(queues.history()).build();
    }

    /**
     * Where workers say a partition's end is recorded: to every manager listening (a word no one hears is dropped,
     * as the repository keeps what it says).
     */
    @Bean
    FanoutExchange partitionEndsExchange(Queues queues) {
        return new FanoutExchange(queues.ends());
    }

    /** Requests are Spring Batch's own serialisable {@code StepExecutionRequest}: only its classes are read back. */
    @Bean
    SimpleMessageConverter partitionRequests() {
        SimpleMessageConverter converter = new SimpleMessageConverter();
        converter.setAllowedListPatterns(List.of("org.springframework.batch.integration.partition.*", "java.lang.*",
                "java.util.*"));
        return converter;
    }

    /** The load step's partition requests: sent to their queue by the manager, taken from it by a worker. */
    @Bean
    DirectChannel loadRequests() {
        return new DirectChannel();
    }

    /** The card-history step's partition requests. */
    @Bean
    DirectChannel historyRequests() {
        return new DirectChannel();
    }

    /** The manager's side: each step's requests to its queue, the step done once every partition is recorded. */
    @Configuration
    @Profile(MANAGER)
    static class Manager {
        @Bean
        IntegrationFlow loadRequestsOut(@Qualifier("loadRequests") DirectChannel requests, RabbitTemplate rabbit,
                Queues queues) {
            return toQueue(requests, rabbit, queues.load());
        }

        @Bean
        IntegrationFlow historyRequestsOut(@Qualifier("historyRequests") DirectChannel requests,
                RabbitTemplate rabbit, Queues queues) {
            return toQueue(requests, rabbit, queues.history());
        }

        @Bean
        PartitionEnds partitionEnds() {
            return new PartitionEnds();
        }

        /** This manager's own queue of the workers' words, gone with its connection. */
        @Bean
        AnonymousQueue partitionEndsQueue() {
            return new AnonymousQueue();
        }

        @Bean
        Binding partitionEndsBinding(AnonymousQueue partitionEndsQueue, FanoutExchange partitionEndsExchange) {
            return BindingBuilder.bind(partitionEndsQueue).to(partitionEndsExchange);
        }

        @Bean
        IntegrationFlow partitionEndsIn(ConnectionFactory broker, AnonymousQueue partitionEndsQueue,
                PartitionEnds ends) {
            return IntegrationFlow.from(Amqp.inboundAdapter(broker, partitionEndsQueue))
                    .handle(word -> ends.heard()).get();
        }

        @Bean
        BrokerWatch brokerWatch(ConnectionFactory broker, @Value("${spring.rabbitmq.addresses}") String url) {
            return new BrokerWatch(broker, url);
        }

        @Bean
        Step loadStep(JobRepository jobs, FilePartitioner partitioner, BeanFactory beans,
                @Qualifier("loadRequests") DirectChannel requests, BrokerWatch watch, PartitionEnds ends) {
            return split("load", "loadFile", partitioner, requests, watch, ends.waking(jobs), beans).build();
        }

        @Bean
        Step cardHistoryStep(JobRepository jobs, CityPartitioner partitioner, BeanFactory beans,
                @Qualifier("historyRequests") DirectChannel requests, BrokerWatch watch, CardNightsWritten written,
                PartitionEnds ends) {
            return split("cardHistory", "cardHistoryOf", partitioner.inGroups(HISTORY_PARTITIONS), requests, watch,
                    ends.waking(jobs), beans).listener(written).build();
        }

        private static IntegrationFlow toQueue(DirectChannel requests, RabbitTemplate rabbit, String queue) {
            return IntegrationFlow.from(requests).handle(Amqp.outboundAdapter(rabbit).routingKey(queue)).get();
        }

        /** Step {@code name} split by {@code partitioner} into requests for worker step {@code workerStep}. */
        private static RemotePartitioningManagerStepBuilder split(String name, String workerStep,
                Partitioner partitioner, DirectChannel requests, BrokerWatch watch, JobRepository jobs,
                BeanFactory beans) {
            return new RemotePartitioningManagerStepBuilder(name, jobs).partitioner(workerStep, partitioner)
                    .gridSize(PARTITIONS).outputChannel(requests).pollInterval(POLL_MS).timeout(WORKERS_TIMEOUT_MS)
                    .listener(watch).beanFactory(beans);
        }
    }

    /** A worker's side: each queue's requests, one at a time a consumer, run by the step of their name. */
    @Configuration
    @Profile(WORKER)
    static class Worker {
        /**
         * Partitions at once (consumers a queue): {@code clear worker --partitions N}, by default the machine's cores.
         * Workers sharing a machine share its cores: more partitions in flight than cores only contend for the
         * server's inserts.
         */
        @Value("${onecard.clearing.worker-partitions:0}")
        private int partitions;

        private int consumers() {
            return partitions > 0 ? partitions : Runtime.getRuntime().availableProcessors();
        }

        /** A line when the broker is lost and one when it answers again. */
        @Bean
        Broker.Lines brokerLines(ConnectionFactory broker, @Value("${spring.rabbitmq.addresses}") String url) {
            Broker.Lines lines = new Broker.Lines(url);
            broker.addConnectionListener(lines);
            return lines;
        }

        /** Each partition's end, once recorded: a word to the managers ({@link PartitionEnds}). */
        @Bean
        DirectChannel partitionEndsOut() {
            return new DirectChannel();
        }

        @Bean
        IntegrationFlow partitionEndsWords(@Qualifier("partitionEndsOut") DirectChannel ends, RabbitTemplate rabbit,
                Queues queues) {
            return IntegrationFlow.from(ends).transform(StepExecution.class, s -> "step execution " + s.getId()
                    + " " + s.getStatus()).handle(Amqp.outboundAdapter(rabbit).exchangeName(queues.ends())).get();
        }

        @Bean
        IntegrationFlow loadRequestsIn(ConnectionFactory broker, SimpleMessageConverter partitionRequests,
                JdbcTemplate jdbc, @Qualifier("loadRequests") DirectChannel requests, Queues queues) {
            return fromQueue(container(broker, queues.load(), consumers()), partitionRequests, jdbc, requests);
        }

        @Bean
        IntegrationFlow historyRequestsIn(ConnectionFactory broker, SimpleMessageConverter partitionRequests,
                JdbcTemplate jdbc, @Qualifier("historyRequests") DirectChannel requests, Queues queues) {
            return fromQueue(container(broker, queues.history(), consumers()), partitionRequests, jdbc, requests);
        }

        /** The requests of {@code queue} onto {@code requests}, those of an execution that no longer runs dropped. */
        private static IntegrationFlow fromQueue(SimpleMessageListenerContainer queue, SimpleMessageConverter converter,
                JdbcTemplate jdbc, DirectChannel requests) {
            return IntegrationFlow.from(Amqp.inboundAdapter(queue).messageConverter(converter))
                    .filter(StepExecutionRequest.class, r -> current(jdbc, r)).channel(requests).get();
        }

        /**
         * Whether a request's partition is still to run. One whose manager was killed and whose rerun is recovering it
         * (STOPPING, then FAILED) is dropped before its partition is touched: the rerun sends its own, and the two must not run side by side.
         * So is one the broker hands out again after its partition ended (the worker that ran it lost the broker
         * before its acknowledgement got there).
         */
        private static boolean current(JdbcTemplate jdbc, StepExecutionRequest request) {
            // Two statuses, not the whole job execution the repository would read (every step and its context).
            List<BatchStatus[]> found = jdbc.query("SELECT s.STATUS, j.STATUS FROM BATCH_STEP_EXECUTION s JOIN "
                    + "BATCH_JOB_EXECUTION j ON j.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID WHERE s.STEP_EXECUTION_ID = ?",
                    (rs, i) -> new BatchStatus[] {BatchStatus.valueOf(rs.getString(1)),
                        BatchStatus.valueOf(rs.getString(2))}, request.getStepExecutionId());
            BatchStatus partition = found.isEmpty() ? null : found.get(0)[0];
            BatchStatus job = found.isEmpty() ? null : found.get(0)[1];
            boolean jobRuns = job == BatchStatus.STARTING || job == BatchStatus.STARTED; // not STOPPING
            if (jobRuns && partition.isRunning()) {
                return true;
            }
            System.out.printf("partition %s of step execution %d dropped: %s%n", request.getStepName(),
                    request.getStepExecutionId(), job == null ? "its job execution is gone"
                            : jobRuns ? "it has ended " + partition : "its job execution is " + job);
            System.out.flush();
            return false;
        }

        /** The worker step {@code loadFile}: the bean's name is the step's, which the requests name. */
        @Bean
        Step loadFile(JobRepository jobs, PlatformTransactionManager tx, LoadFileTasklet tasklet, BeanFactory beans,
                @Qualifier("loadRequests") DirectChannel requests,
                @Qualifier("partitionEndsOut") DirectChannel ends) {
            return new RemotePartitioningWorkerStepBuilder("loadFile", jobs).inputChannel(requests).outputChannel(ends)
                    .beanFactory(beans).listener(new PartitionLog()).tasklet(tasklet, tx).build();
        }

        @Bean
        Step cardHistoryOf(JobRepository jobs, PlatformTransactionManager tx, CardHistoryTasklet tasklet,
                BeanFactory beans, @Qualifier("historyRequests") DirectChannel requests,
                @Qualifier("partitionEndsOut") DirectChannel ends) {
            return new RemotePartitioningWorkerStepBuilder("cardHistoryOf", jobs).inputChannel(requests)
                    .outputChannel(ends).beanFactory(beans).listener(new PartitionLog()).tasklet(tasklet, tx).build();
        }

        /** A line on the worker's output as each partition starts and ends: which machine ran what, how long. */
        private static final class PartitionLog implements StepExecutionListener {
            @Override
            public void beforeStep(StepExecution step) {
                System.out.printf("partition %s of execution %d started%n", step.getStepName(), step.getJobExecutionId());
                System.out.flush();
            }

            @Override
            public ExitStatus afterStep(StepExecution step) {
                System.out.printf("partition %s of execution %d %s (%d ms)%n", step.getStepName(),
                        step.getJobExecutionId(), step.getStatus(), java.time.Duration.between(step.getStartTime(),
                                java.time.LocalDateTime.now()).toMillis());
                System.out.flush();
                return null;
            }
        }

        /**
         * One request at a time a consumer, acknowledged after its partition ran (a step that failed is recorded
         * FAILED and not redelivered; a worker that died never acknowledged, so its request goes to another).
         */
        private static SimpleMessageListenerContainer container(ConnectionFactory broker, String queue,
                int consumers) {
            SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(broker);
            container.setQueueNames(queue);
            container.setPrefetchCount(1);
            container.setConcurrentConsumers(consumers);
            container.setAcknowledgeMode(AcknowledgeMode.AUTO);
            container.setDefaultRequeueRejected(false);
            return container;
        }
    }
}
