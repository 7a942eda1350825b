package com.example.orders;

/** The order cannot be priced; the message says which part is wrong. Answered as 400 over HTTP. */
public class InvalidOrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidOrderException(String message) {
        super(message);
    }
}
