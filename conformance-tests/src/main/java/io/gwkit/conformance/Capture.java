package io.gwkit.conformance;

import java.util.List;

/** A whole gwcap file: header, frame lines and call result lines, in file order. */
public record Capture(CaptureHeader header, List<CapturedFrame> frames, List<CallResult> results) {

    public String scenario() {
        return header.scenario();
    }
}
