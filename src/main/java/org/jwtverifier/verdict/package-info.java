/**
 * The vocabulary of an answer to a forward-auth request, shared by every layer that produces or renders one: why a
 * request is refused ({@link org.jwtverifier.verdict.Reason}, {@link org.jwtverifier.verdict.Denial}), what the
 * client is told to do about it ({@link org.jwtverifier.verdict.Challenge}, RFC 6750 §3), and why it could not be
 * decided at all ({@link org.jwtverifier.verdict.Unavailability}).
 *
 * <p>The bottom of the stack: it imports nothing of the project, so {@code token}, {@code policy},
 * {@code decision}, {@code http} and {@code metrics} can all speak it without depending on one another.
 */
package org.jwtverifier.verdict;
