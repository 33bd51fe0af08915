package org.jwtverifier.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How every benchmark here is measured, in one place so that their figures stay comparable: operations per
 * second, three warm-up and five measured iterations of two seconds, one fork with a fixed 512 MiB heap (a heap
 * that grows would time its own resizing). JMH's annotations are inherited; a benchmark that needs more of its
 * fork (a native provider's access) says so on its own class. {@code tomcat/bench/jmh.sh} passes shorter
 * iterations on the command line, which take precedence.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public abstract class MeasurementSettings {
}
