package dev.serverlesscd.functions.reports;

import java.util.List;

/**
 * An image's scan findings and the state of its scan: COMPLETE with the vulnerabilities; IN_PROGRESS (ask again
 * later); NOT_FOUND (no scan of that image: scan on push off, or the image not in the registry); FAILED (the
 * registry's scan failed, {@code detail} says why); UNAVAILABLE (no registry scan where the gate runs, e.g. locally).
 */
public record ScanFindings(Status status, List<Vulnerability> vulnerabilities, String detail) {

    public enum Status { COMPLETE, IN_PROGRESS, NOT_FOUND, FAILED, UNAVAILABLE }

    public ScanFindings {
        vulnerabilities = vulnerabilities == null ? List.of() : List.copyOf(vulnerabilities);
    }

    public static ScanFindings complete(List<Vulnerability> vulnerabilities) {
        return new ScanFindings(Status.COMPLETE, vulnerabilities, null);
    }

    public static ScanFindings of(Status status, String detail) {
        return new ScanFindings(status, List.of(), detail);
    }
}
