package io.restoredrill.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates a resource policy (a key policy, a topic policy) or a role's identity policy (statements without a
 * principal: the role's own requests) from a synthesized template the way AWS does for one request, for the parts our
 * policies use: an explicit Deny wins, else an Allow must match; principals {@code *}, an account's root (its
 * principals, which IAM policies then authorize) or a service; actions with wildcards; the request's resource, when it
 * names one ({@link Request#on}), against the statement's resources with wildcards; and the condition operators
 * StringEquals, StringNotEquals, StringLike, ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, Bool, each optionally
 * ...IfExists, Null, and ForAllValues:StringEquals (a multi-valued key such as aws:TagKeys given comma-separated). An
 * operator it does not know fails the test rather than guessing.
 */
final class PolicyEvaluator {

    private final List<Map<String, Object>> statements;

    PolicyEvaluator(Map<String, Object> policyDocument) {
        this(Cfn.list(policyDocument.get("Statement")).stream().map(Cfn::map).toList());
    }

    private PolicyEvaluator(List<Map<String, Object>> statements) {
        this.statements = statements;
    }

    /** The same policy with one more statement (to see whether an explicit Deny would override it). */
    PolicyEvaluator with(Map<String, Object> statement) {
        List<Map<String, Object>> all = new java.util.ArrayList<>(statements);
        all.add(statement);
        return new PolicyEvaluator(all);
    }

    /** A request by an IAM principal (a role's ARN, or an account's root) with the given context keys. */
    static Request iam(String principalArn, String action, Map<String, String> context) {
        Map<String, String> keys = new HashMap<>(context);
        keys.put("aws:PrincipalArn", principalArn);
        keys.put("aws:PrincipalAccount", principalArn.split(":")[4]);
        keys.put("aws:PrincipalIsAWSService", "false");
        keys.putIfAbsent("aws:SecureTransport", "true");
        return new Request(principalArn, null, action, keys, null);
    }

    /** A request by a service principal on someone's behalf (aws:SourceAccount, aws:SourceArn in the context). */
    static Request service(String servicePrincipal, String action, Map<String, String> context) {
        Map<String, String> keys = new HashMap<>(context);
        keys.put("aws:PrincipalIsAWSService", "true");
        keys.put("aws:PrincipalServiceName", servicePrincipal);
        keys.putIfAbsent("aws:SecureTransport", "true");
        return new Request(null, servicePrincipal, action, keys, null);
    }

    /** @param resource the ARN the request acts on, or {@code null} for a policy whose statements all name {@code *} */
    record Request(String principalArn, String servicePrincipal, String action, Map<String, String> context, String resource) {

        /** The same request on this resource (an identity policy's statements differ by resource). */
        Request on(String arn) {
            return new Request(principalArn, servicePrincipal, action, context, arn);
        }
    }

    boolean allows(Request request) {
        boolean allowed = false;
        for (Map<String, Object> statement : statements) {
            if (!matchesAction(statement, request.action()) || !matchesPrincipal(statement.get("Principal"), request)
                    || !matchesResource(statement, request.resource())
                    || !matchesConditions(statement.get("Condition"), request.context())) {
                continue;
            }
            if ("Deny".equals(statement.get("Effect"))) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    private static boolean matchesAction(Map<String, Object> statement, String action) {
        return Cfn.strings(statement.get("Action")).stream().anyMatch(pattern -> glob(pattern, action, true));
    }

    private static boolean matchesResource(Map<String, Object> statement, String resource) {
        return resource == null || Cfn.strings(statement.get("Resource")).stream().anyMatch(pattern -> glob(pattern, resource, false));
    }

    private static boolean matchesPrincipal(Object principal, Request request) {
        if (principal == null) {
            // an identity policy: it speaks for the principal it is attached to
            return request.principalArn() != null;
        }
        if ("*".equals(principal)) {
            return true;
        }
        Map<String, Object> map = Cfn.map(principal);
        for (String arn : Cfn.strings(map.get("AWS"))) {
            if (arn.equals("*")) {
                return true;
            }
            if (request.principalArn() != null) {
                String account = request.principalArn().split(":")[4];
                if (arn.equals("arn:aws:iam::" + account + ":root") || arn.equals(account) || arn.equals(request.principalArn())) {
                    return true;
                }
            }
        }
        return request.servicePrincipal() != null && Cfn.strings(map.get("Service")).contains(request.servicePrincipal());
    }

    private static boolean matchesConditions(Object conditions, Map<String, String> context) {
        if (conditions == null) {
            return true;
        }
        for (Map.Entry<String, Object> block : Cfn.map(conditions).entrySet()) {
            for (Map.Entry<String, Object> condition : Cfn.map(block.getValue()).entrySet()) {
                if (!matches(block.getKey(), context.get(condition.getKey()), Cfn.strings(condition.getValue()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(String operator, String actual, List<String> values) {
        if (operator.equals("Null")) {
            return values.contains(String.valueOf(actual == null));
        }
        if (operator.equals("ForAllValues:StringEquals")) {
            return actual == null || List.of(actual.split(",")).stream().allMatch(values::contains);
        }
        boolean ifExists = operator.endsWith("IfExists");
        String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        boolean negated = base.startsWith("StringNot") || base.startsWith("ArnNot");
        if (actual == null) {
            return ifExists || negated;
        }
        boolean any = switch (base) {
            case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals", "Bool" ->
                    values.stream().anyMatch(value -> value.equals(actual));
            case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike" ->
                    values.stream().anyMatch(value -> glob(value, actual, false));
            default -> throw new AssertionError("the evaluator does not know the condition operator " + operator);
        };
        return negated != any;
    }

    /** IAM wildcards: {@code *} any run, {@code ?} one character; actions compare case-insensitively. */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return ignoreCase ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches()
                : value.matches(regex.toString());
    }
}
