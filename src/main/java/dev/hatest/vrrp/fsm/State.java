package dev.hatest.vrrp.fsm;

/**
 * RFC 3768 section 6.4 / RFC 5798 section 6.4: the states of one virtual router, plus keepalived's FAULT: the
 * interface is down, so the router neither advertises, listens nor holds its addresses.
 */
public enum State {
    INITIALIZE,
    BACKUP,
    MASTER,
    FAULT
}
