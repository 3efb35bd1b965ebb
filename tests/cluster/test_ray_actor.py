"""The run actor's commands keep the order they were sent in, whatever order Ray delivers them in."""

from __future__ import annotations

import itertools

import pytest

from neurona.train.ray_actor import Command, InOrder

pytestmark = pytest.mark.cluster
SENT: list[Command] = [("e", "pause", None), ("e", "update", {"lr": 0.5}), ("e", "resume", None), ("e", "stop", None)]


@pytest.mark.parametrize("arrival", list(itertools.permutations(range(len(SENT)))))
def test_commands_are_applied_in_the_order_sent(arrival: tuple[int, ...]) -> None:
    applied: list[Command] = []
    commands = InOrder(applied.append)
    for seq in arrival:
        commands.arrive(seq, SENT[seq])
    assert applied == SENT


def test_a_command_waits_for_the_one_sent_before_it() -> None:
    applied: list[Command] = []
    commands = InOrder(applied.append)
    commands.arrive(1, SENT[1])
    assert applied == [], "the update waits for the pause sent before it"
    commands.arrive(0, SENT[0])
    assert applied == SENT[:2]
