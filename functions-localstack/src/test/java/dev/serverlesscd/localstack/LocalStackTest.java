package dev.serverlesscd.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class against LocalStack in a container: tagged {@code localstack}, and reported skipped with the reason
 * "no Docker engine: LocalStack tests need one" where there is no Docker engine ({@link NeedsDockerEngine}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("localstack")
@ExtendWith(NeedsDockerEngine.class)
public @interface LocalStackTest {
}
