package io.restoredrill.cli;

import io.restoredrill.core.error.InvalidInputException;

/** The region of a Step Functions ARN, which is where the drill runs (the recovery region). */
final class RemoteArns {

    private RemoteArns() {
    }

    static String region(String arn, String what) {
        String[] parts = arn.split(":");
        if (parts.length < 7 || !"arn".equals(parts[0]) || !"states".equals(parts[2]) || parts[3].isEmpty()) {
            throw new InvalidInputException(what + " '" + arn + "' is not a Step Functions ARN "
                    + "(arn:aws:states:<region>:<account>:stateMachine:<name> or …:execution:…).");
        }
        return parts[3];
    }
}
