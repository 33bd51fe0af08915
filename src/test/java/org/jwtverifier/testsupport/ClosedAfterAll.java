package org.jwtverifier.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Closes what a test class started for all its tests (test IdPs, attacker servers), newest first, after its last
 * test. Register it as a static field, so an Arquillian {@code @Deployment} method can use it:
 * <pre>{@code
 * @RegisterExtension
 * static final ClosedAfterAll closeAfterAll = new ClosedAfterAll();
 * static TestIdp idp;
 *
 * @Deployment(testable = false)
 * static WebArchive deployment() {
 *     idp = closeAfterAll.add(TestIdp.start("https://idp.example.com"));
 *     return TestConfig.create().issuer(idp).war("SomeIT");
 * }
 * }</pre>
 * Registered after the class's {@code @ExtendWith} extensions, it runs before them on the way out: the IdPs stop
 * before Arquillian undeploys, as an {@code @AfterAll} method would.
 */
public final class ClosedAfterAll implements AfterAllCallback {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** @return {@code resource}, to be closed after the class's last test */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<AutoCloseable> newestFirst;
        synchronized (this) {
            newestFirst = new ArrayList<>(started);
            started.clear();
        }
        Closing.closeAll(newestFirst.toArray(AutoCloseable[]::new));
    }
}
