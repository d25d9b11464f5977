/** Credentials by n8n credential type, from a JSON or YAML file with environment fallbacks. */
package io.clusternode.workflow.credentials;
