package dev.serverlesscd.functions.deploy;

import java.net.URI;

/** An HTTP GET of a health endpoint. */
public interface HttpProbe {

    /** The answer to one GET: the status code, or -1 and why there was none. */
    record Answer(int status, String detail) {
        public boolean healthy() {
            return status >= 200 && status < 300;
        }
    }

    Answer get(URI uri);
}
