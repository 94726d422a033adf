package io.clayenrichment.sandbox.http;

/** The platform's error shape: {@code {"error":"...","detail":"..."}}. */
public record ErrorBody(String error, String detail) {}
