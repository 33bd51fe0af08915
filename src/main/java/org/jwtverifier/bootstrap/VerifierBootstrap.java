package org.jwtverifier.bootstrap;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.jwtverifier.bootstrap.undeploy.UndeployCleanup;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigLocator;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.jmx.JmxRegistrar;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.logout.BackchannelLogout;
import org.jwtverifier.metrics.VerifierMetrics;
import org.jwtverifier.revocation.ClusteredRevocationStore;
import org.jwtverifier.revocation.LocalRevocationStore;
import org.jwtverifier.revocation.RevocationStore;
import org.jwtverifier.revocation.Revocations;
import org.jwtverifier.runtime.VerifierAssembly;
import org.jwtverifier.runtime.VerifierRuntime;

/**
 * The composition root: builds the whole verifier when the WAR starts and tears all of it down when it stops, so a
 * redeploy leaves no thread, MBean, file lock or class loader reference behind. A configuration with problems stops
 * the deployment with one log line naming every problem.
 */
@WebListener
public final class VerifierBootstrap implements ServletContextListener {
    private static final String REGISTRAR_ATTRIBUTE = JmxRegistrar.class.getName();
    private static final Logger LOG = Logger.getLogger(VerifierBootstrap.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Clock clock = Clock.systemUTC();
        ConfigLocator.Location location = new ConfigLocator(VerifierBootstrap::jndi,
                name -> Optional.ofNullable(context.getInitParameter(name)),
                name -> Optional.ofNullable(System.getProperty(name)),
                name -> Optional.ofNullable(System.getenv(name))).locate();
        VerifierConfig config;
        try {
            config = new ConfigParser(clock).parse(location.path());
        } catch (ConfigException e) {
            String line = "jwt-verifier " + contextName(context) + " not started: " + e.getMessage()
                    + " (found through " + location.how() + ")";
            LOG.severe(line);
            throw new StartupFailure(line);
        }
        Optional<String> version = webappVersion(context);
        PersistedKeySets persisted = PersistedKeySets.open(persistenceDirectory(config, context, version));
        RevocationStore revocationStore = openRevocationStore(config, revocationDirectory(config, context, version),
                clock);
        try {
            VerifierRuntime runtime = new VerifierRuntime(location, config, "jwt-verifier" + context.getContextPath()
                    + version.map(v -> "##" + v).orElse(""), clock, persisted, new VerifierMetrics(),
                    VerifierRuntime.DEFAULT_DRAIN_BOUND, new Revocations(revocationStore, clock));
            JmxRegistrar jmx = new JmxRegistrar(context.getContextPath(), version, runtime);
            jmx.registerAll();
            runtime.publishTo(context);
            new BackchannelLogout(runtime.revocations(), runtime.metrics(), clock).publishTo(context);
            context.setAttribute(REGISTRAR_ATTRIBUTE, jmx);
        } catch (KeySourceException e) {
            persisted.close();
            String line = "jwt-verifier " + deploymentName(context, version) + " not started: " + e.getMessage();
            LOG.severe(line);
            throw new StartupFailure(line);
        }
        LOG.info("jwt-verifier " + deploymentName(context, version) + " started: " + config.issuers().size()
                + " issuer(s) from " + location.path() + " (" + location.how() + "), keys persisted in "
                + (persisted.directory() == null ? "memory only" : persisted.directory()));
        LOG.info("jwt-verifier " + deploymentName(context, version) + " keeps revocations "
                + revocationPlace(revocationStore));
        VerifierRuntime started = VerifierRuntime.from(context);
        if (started != null) {
            // Once per start: which provider verifies which algorithm, and a native provider passed over.
            var providers = started.read(VerifierAssembly::providers);
            String line = "jwt-verifier " + deploymentName(context, version) + " verifies with " + providers.summary();
            if (providers.nativeProviderPassedOver().isPresent()) {
                LOG.warning(line);
            } else {
                LOG.info(line);
            }
        }
    }

    private static String revocationPlace(RevocationStore store) {
        if (store instanceof ClusteredRevocationStore clustered) {
            return "on the Terracotta server " + clustered.server() + ", with a copy in " + clustered.directory();
        }
        Path directory = ((LocalRevocationStore) store).directory();
        return "in " + (directory == null ? "memory only" : directory.toString());
    }

    /**
     * The clustered store when {@code cluster} is configured (its copy of what it knew in {@code cluster/} of the
     * revocation directory, taking over what the local store kept there), else the local one. Neither waits for a server: a clustered store whose server cannot
     * be reached starts with what it kept on disk and connects in the background.
     */
    private static RevocationStore openRevocationStore(VerifierConfig config, Path directory, Clock clock) {
        long maxEntries = config.revocation().maxEntries();
        return config.cluster().<RevocationStore>map(cluster ->
                        new ClusteredRevocationStore(cluster, directory.resolve("cluster"), directory, maxEntries, clock))
                .orElseGet(() -> LocalRevocationStore.open(directory, maxEntries, clock));
    }

    /**
     * The configured {@code revocation.directory}, else {@code ${catalina.base}/work/jwt-verifier-revocations/<context>},
     * beside the key sets' directory and for the same reason (Tomcat deletes the context's own work directory on
     * undeploy). A version of a parallel deployment gets {@code <directory>##<version>}, since Ehcache locks its
     * directory; when that does not exist yet it starts with the journal of the unversioned directory, so the
     * revocations in force hold in a new version from its first request.
     */
    private static Path revocationDirectory(VerifierConfig config, ServletContext context, Optional<String> version) {
        return dataDirectory(config.revocation().directory(), "jwt-verifier-revocations", context, version,
                LocalRevocationStore::seed);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(REGISTRAR_ATTRIBUTE) instanceof JmxRegistrar jmx) {
            jmx.close();
        }
        context.removeAttribute(REGISTRAR_ATTRIBUTE);
        BackchannelLogout.unpublishFrom(context);
        VerifierRuntime runtime = VerifierRuntime.from(context);
        if (runtime != null) {
            runtime.unpublishFrom(context);
            runtime.close();
        }
        UndeployCleanup.afterEverythingClosed(VerifierBootstrap.class.getClassLoader());
    }

    /**
     * The configured directory, else {@code ${catalina.base}/work/jwt-verifier-keys/<context>}: outside the
     * context's own work directory, which Tomcat deletes on undeploy, so a redeploy keeps the persisted keys.
     *
     * <p>A version of a parallel deployment gets a directory of its own beside it, {@code <directory>##<version>}:
     * Ehcache locks its directory, so versions sharing one would leave every version but the first with keys in
     * memory only, for as long as it runs. A version's directory, when it does not exist yet, starts with the
     * snapshots of its siblings (the unversioned directory and other versions'), so a new version deployed
     * during an IdP outage verifies with the last good keys, like a redeploy does. Only then: a key set flushed
     * later in this version must not come back from another version's copy.
     */
    private static Path persistenceDirectory(VerifierConfig config, ServletContext context, Optional<String> version) {
        return dataDirectory(config.keyStoreDirectory(), "jwt-verifier-keys", context, version,
                (own, base) -> PersistedKeySets.seed(own, siblings(base, own)));
    }

    /**
     * {@code configured}, else {@code ${catalina.base}/work/<folder>/<context>} (the temporary directory outside
     * Tomcat); for a version of a parallel deployment {@code <that>##<version>} instead, handed to
     * {@code seedNewVersion} (with the unversioned directory) when it does not exist yet.
     */
    private static Path dataDirectory(Optional<Path> configured, String folder, ServletContext context,
                                      Optional<String> version, BiConsumer<Path, Path> seedNewVersion) {
        Path base = configured.orElseGet(() -> {
            String root = Optional.ofNullable(System.getProperty("catalina.base"))
                    .orElse(System.getProperty("java.io.tmpdir"));
            return Path.of(root, "work", folder, contextName(context));
        });
        if (version.isEmpty()) {
            return base;
        }
        Path own = base.resolveSibling(base.getFileName() + "##" + version.get());
        if (!Files.exists(own)) {
            seedNewVersion.accept(own, base);
        }
        return own;
    }

    /** The unversioned directory and every version's, but {@code own}. */
    private static List<Path> siblings(Path base, Path own) {
        List<Path> found = new ArrayList<>(List.of(base));
        Path parent = base.toAbsolutePath().getParent();
        if (parent != null) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(parent, base.getFileName() + "##*")) {
                versions.forEach(found::add);
            } catch (IOException | RuntimeException e) {
                LOG.fine("Cannot list " + parent + ": " + e);
            }
        }
        found.removeIf(p -> p.toAbsolutePath().equals(own.toAbsolutePath()));
        return found;
    }

    /**
     * Tomcat's webapp version of this deployment ({@code app##2.war} is version {@code 2} of context {@code /app},
     * deployed beside the other versions of {@code /app}), or empty. The Servlet API does not expose it; Tomcat 10.1
     * and 11 name the context's temporary directory ({@link ServletContext#TEMPDIR}) after the deployment's base
     * name, {@code <context>##<version>}. Anything else (another container, a {@code workDir} set by hand) reads as
     * unversioned.
     */
    static Optional<String> webappVersion(ServletContext context) {
        if (!(context.getAttribute(ServletContext.TEMPDIR) instanceof File tempDir)) {
            return Optional.empty();
        }
        String prefix = contextName(context) + "##";
        String name = tempDir.getName();
        return name.startsWith(prefix) && name.length() > prefix.length()
                ? Optional.of(name.substring(prefix.length())) : Optional.empty();
    }

    /** Tomcat's base name of the deployment: {@code app}, or {@code app##2} for version 2 of {@code /app}. */
    private static String deploymentName(ServletContext context, Optional<String> version) {
        return contextName(context) + version.map(v -> "##" + v).orElse("");
    }

    private static String contextName(ServletContext context) {
        String path = context.getContextPath();
        return path.isEmpty() ? "ROOT" : path.substring(1).replace('/', '#');
    }

    private static Optional<String> jndi(String name) {
        try {
            Object value = new InitialContext().lookup(name);
            return value == null ? Optional.empty() : Optional.of(value.toString());
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
