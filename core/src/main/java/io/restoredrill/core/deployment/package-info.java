/**
 * The names the AWS functions and the CDK stacks share (environment variables, metric names, S3 prefixes, tags and
 * resource names), each defined once here: the functions read and write what the stacks configure and permit.
 */
package io.restoredrill.core.deployment;
