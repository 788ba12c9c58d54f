package io.restoredrill.aws.publish;

import io.restoredrill.core.model.DrillReport;

/**
 * A report in the evidence bucket.
 *
 * @param report        the report as stored: on a retried Publish, the first attempt's
 * @param sha256        hex SHA-256 of the stored JSON's bytes, which the next report chains to
 * @param previous      the link to the report before it, or {@code null} for the source's first
 * @param alreadyStored a previous attempt of this Publish had stored it, or claimed its place in the chain with it
 */
public record StoredReport(String bucket, String key, String markdownKey, DrillReport report, String sha256,
                           PreviousReport previous, boolean alreadyStored) {

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }

    public String markdownUri() {
        return "s3://" + bucket + "/" + markdownKey;
    }
}
