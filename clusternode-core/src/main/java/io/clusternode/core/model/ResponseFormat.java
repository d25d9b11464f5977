package io.clusternode.core.model;

/** The shape a model must answer in. */
public enum ResponseFormat {
    /** Free text (the default). */
    TEXT,
    /** A JSON object ({@code response_format: {"type": "json_object"}}). */
    JSON_OBJECT
}
