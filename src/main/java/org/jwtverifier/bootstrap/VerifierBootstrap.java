package org.jwtverifier.bootstrap;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.jwtverifier.config.ConfigException;
import org.jwtverifier.config.ConfigLocator;
import org.jwtverifier.config.ConfigParser;
import org.jwtverifier.config.VerifierConfig;
import org.jwtverifier.jmx.JmxRegistrar;
import org.jwtverifier.jwks.KeySourceException;
import org.jwtverifier.jwks.PersistedKeySets;
import org.jwtverifier.metrics.VerifierMetrics;
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
        PersistedKeySets persisted = PersistedKeySets.open(persistenceDirectory(config, context));
        try {
            VerifierRuntime runtime = new VerifierRuntime(location, config, "jwt-verifier" + context.getContextPath(),
                    clock, persisted, new VerifierMetrics());
            JmxRegistrar jmx = new JmxRegistrar(context.getContextPath(), runtime);
            jmx.registerAll();
            runtime.publishTo(context);
            context.setAttribute(REGISTRAR_ATTRIBUTE, jmx);
        } catch (KeySourceException e) {
            persisted.close();
            String line = "jwt-verifier " + contextName(context) + " not started: " + e.getMessage();
            LOG.severe(line);
            throw new StartupFailure(line);
        }
        LOG.info("jwt-verifier " + contextName(context) + " started: " + config.issuers().size()
                + " issuer(s) from " + location.path() + " (" + location.how() + "), keys persisted in "
                + (persisted.directory() == null ? "memory only" : persisted.directory()));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(REGISTRAR_ATTRIBUTE) instanceof JmxRegistrar jmx) {
            jmx.close();
        }
        context.removeAttribute(REGISTRAR_ATTRIBUTE);
        VerifierRuntime runtime = VerifierRuntime.from(context);
        if (runtime != null) {
            runtime.unpublishFrom(context);
            runtime.close();
        }
        PersistedKeySets.stopDiskTierFlushThread();
        EhcacheThreads.awaitEnd(VerifierBootstrap.class.getClassLoader(), Duration.ofSeconds(5));
        RecordMethodCaches.release();
    }

    /**
     * The configured directory, else {@code ${catalina.base}/work/jwt-verifier-keys/<context>}: outside the
     * context's own work directory, which Tomcat deletes on undeploy, so a redeploy keeps the persisted keys.
     */
    private static Path persistenceDirectory(VerifierConfig config, ServletContext context) {
        return config.keyStoreDirectory().orElseGet(() -> {
            String base = Optional.ofNullable(System.getProperty("catalina.base"))
                    .orElse(System.getProperty("java.io.tmpdir"));
            return Path.of(base, "work", "jwt-verifier-keys", contextName(context));
        });
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
