package dev.serverlesscd.local.build;

/** A buildspec that cannot be run: the message names the file and the key. CodeBuild calls this YAML_FILE_ERROR. */
public class BuildspecException extends RuntimeException {
    public BuildspecException(String message) {
        super(message);
    }

    public BuildspecException(String message, Throwable cause) {
        super(message, cause);
    }
}
