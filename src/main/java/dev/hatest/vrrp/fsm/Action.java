package dev.hatest.vrrp.fsm;

/** What the state machine asks its owner to do, in order. */
public sealed interface Action {

    record SendAdvert(int priority) implements Action {
    }

    record AddVips() implements Action {
    }

    record RemoveVips() implements Action {
    }

    record SendGratuitousArp() implements Action {
    }

    record Transition(State from, State to, String reason) implements Action {
    }
}
