package dev.hatest.harness.check;

/**
 * The VRRP instance that carries a VIP: its name, as the daemons' state and GARP events give it, and its VRID, as
 * adverts on the wire carry it. A node that runs several instances changes state in each: only the VIP's own
 * transition, GARPs and adverts are its takeover's steps.
 */
public record VipInstance(String name, int vrid) {
}
