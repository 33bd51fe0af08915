package org.jwtverifier.bootstrap;

/** Stops the deployment; its message is the whole story, so it carries no stack trace. */
final class StartupFailure extends RuntimeException {
    StartupFailure(String message) {
        super(message, null, false, false);
    }
}
