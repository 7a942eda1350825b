package dev.serverlesscd.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * Building blocks of the cdk-nag suppressions. Each construct suppresses the AwsSolutions findings of its own
 * resources, each with its reason and as narrow as nag allows; NagTest fails on any finding left unsuppressed.
 */
final class Nag {

    private Nag() {
    }

    static NagPackSuppression suppression(String id, String reason, Object... appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(List.of(appliesTo));
        }
        return builder.build();
    }

    /** An {@code appliesTo} entry matching a finding's resource by regular expression. */
    static Map<String, String> regex(String pattern) {
        return Map.of("regex", "/" + pattern + "/");
    }

    /** IAM5 on {@code runs/*} of the reports bucket: the check builds write there and the gate reads there. */
    static NagPackSuppression reportsPrefix(Bucket reportsBucket) {
        CfnElement bucket = (CfnElement) reportsBucket.getNode().getDefaultChild();
        String bucketId = Stack.of(reportsBucket).getLogicalId(bucket);
        return suppression("AwsSolutions-IAM5", "Report objects are keyed runs/<runId>/<stage>/...: the runs/ prefix "
                        + "is the narrowest scope that covers runs not yet started.",
                "Resource::<" + bucketId + ".Arn>/runs/*");
    }
}
