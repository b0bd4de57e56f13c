package dev.messenger.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.springframework.web.bind.annotation.RestController;

/**
 * The module arrows of docs/architecture.md, and the rules that keep each job in its home, checked on the compiled
 * classes of every module (this module sees them all). Arrows: gateway → command-side, query-side, media, realtime,
 * processing; media, realtime → query-side; processing → projections; query-side → projections → event-schema;
 * command-side → event-schema; nothing → gateway.
 */
@AnalyzeClasses(packages = "dev.messenger", importOptions = {ImportOption.DoNotIncludeTests.class, ModuleArrowsTest.NoTestJars.class})
class ModuleArrowsTest {

    /** Other modules' test helpers come as test jars (projections' Batches and Engines): tests, not module code. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String EVENTS = "dev.messenger.events..";
    private static final String COMMANDS = "dev.messenger.command..";
    private static final String PROJECTIONS = "dev.messenger.projections..";
    private static final String PROCESSING = "dev.messenger.processing..";
    private static final String QUERIES = "dev.messenger.query..";
    private static final String MEDIA = "dev.messenger.media..";
    private static final String REALTIME = "dev.messenger.realtime..";
    private static final String GATEWAY = "dev.messenger.gateway..";
    private static final String OPS = "dev.messenger.ops..";

    @ArchTest
    static final ArchRule eventSchemaDependsOnNoOtherModule = noClasses().that().resideInAPackage(EVENTS)
            .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, PROJECTIONS, PROCESSING, QUERIES, MEDIA, REALTIME, GATEWAY, OPS);

    @ArchTest
    static final ArchRule commandSideDependsOnlyOnTheEventSchema = noClasses().that().resideInAPackage(COMMANDS)
            .should().dependOnClassesThat().resideInAnyPackage(PROJECTIONS, PROCESSING, QUERIES, MEDIA, REALTIME, GATEWAY, OPS);

    @ArchTest
    static final ArchRule projectionsDependOnlyOnTheEventSchema = noClasses().that().resideInAPackage(PROJECTIONS)
            .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, PROCESSING, QUERIES, MEDIA, REALTIME, GATEWAY, OPS);

    @ArchTest
    static final ArchRule processingRunsProjectionsAndKnowsNothingOfRequests = noClasses().that().resideInAPackage(PROCESSING)
            .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, QUERIES, MEDIA, REALTIME, GATEWAY, OPS);

    @ArchTest
    static final ArchRule querySideReadsProjectionsOnly = noClasses().that().resideInAPackage(QUERIES)
            .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, PROCESSING, MEDIA, REALTIME, GATEWAY, OPS);

    /** Files: who may read one is asked of the query side (never of a projection's collection); no command, nothing live. */
    @ArchTest
    static final ArchRule mediaReadsThroughTheQuerySide = noClasses().that().resideInAPackage(MEDIA)
            .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, PROJECTIONS, PROCESSING, REALTIME, GATEWAY, OPS);

    /**
     * What happens now (presence, typing, push): reads the query side, sends no command, runs no projection. Presence
     * reads the privacy read model's keys itself, in the same pipelined Redis call as the presence keys.
     */
    @ArchTest
    static final ArchRule realtimeReadsThroughTheQuerySide = noClasses().that().resideInAPackage(REALTIME)
            .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, PROCESSING, MEDIA, GATEWAY, OPS);

    @ArchTest
    static final ArchRule nothingDependsOnTheGateway = noClasses().that().resideOutsideOfPackage(GATEWAY)
            .should().dependOnClassesThat().resideInAPackage(GATEWAY);

    /** Reads only: the read models are written by their projections alone. */
    @ArchTest
    static final ArchRule querySideNeverWrites = noClasses().that().resideInAPackage(QUERIES)
            .should().callMethodWhere(describe("a write to MongoDB, PostgreSQL or OpenSearch", ModuleArrowsTest::writes));

    /**
     * Readers know a read model by its schema class (HistoryMessages, UserBlocks, PrivacyKeys, FeedKeys ...), never by
     * the projection that writes it.
     */
    @ArchTest
    static final ArchRule readersNeverReachIntoAProjection = noClasses().that().resideInAnyPackage(QUERIES, REALTIME, MEDIA)
            .should().dependOnClassesThat(describe("a projection's event handler class", (JavaClass c) ->
                    c.getPackageName().startsWith("dev.messenger.projections") && c.getSimpleName().endsWith("Projection")));

    /** Controllers speak HTTP and hand over to commands, queries and services; they never talk to a store themselves. */
    @ArchTest
    static final ArchRule controllersNeverTouchAStore = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.redisson..", "org.opensearch..",
                    "org.springframework.jdbc..", "java.sql..", "org.apache.kafka..");

    private static final Set<String> MONGO_WRITES = Set.of("insertOne", "insertMany", "updateOne", "updateMany", "replaceOne",
            "deleteOne", "deleteMany", "bulkWrite", "findOneAndUpdate", "findOneAndReplace", "findOneAndDelete", "drop",
            "createIndex", "createIndexes");
    private static final Set<String> OPENSEARCH_WRITES = Set.of("index", "bulk", "delete", "deleteByQuery", "update",
            "updateByQuery", "create");

    private static boolean writes(JavaCall<?> call) {
        JavaClass owner = call.getTargetOwner();
        String name = call.getName();
        if (owner.isAssignableTo("com.mongodb.reactivestreams.client.MongoCollection")
                || owner.isAssignableTo("com.mongodb.client.MongoCollection")) {
            return MONGO_WRITES.contains(name);
        }
        if (owner.isAssignableTo("org.opensearch.client.opensearch.OpenSearchClient")
                || owner.isAssignableTo("org.opensearch.client.opensearch.OpenSearchAsyncClient")) {
            return OPENSEARCH_WRITES.contains(name);
        }
        return owner.isAssignableTo("org.springframework.jdbc.core.JdbcOperations") && (name.equals("update") || name.equals("batchUpdate"));
    }
}
