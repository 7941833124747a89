package io.fleetpoller.bench;

/** The two kinds of session the cost benchmark scores detection on. */
public enum SessionKind { DRIVE, CHARGE }
