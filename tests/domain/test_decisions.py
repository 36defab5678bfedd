"""The life of a decision: tabled at a meeting, then decided there (agreed, approved, rejected,
noted, deferred) or sent to a written procedure that ends endorsed or rejected, and noted at a
later meeting. What may follow what, in which order of days, and how an outcome recorded
wrongly is corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.decisions import WRITTEN_PROCEDURE, Decision, Outcome, Status
from domain.errors import NotAllowedNow, OutOfOrder, ReasonRequired

D = date.fromisoformat
MEETING_DAY = D("2023-05-02")
LATER = D("2023-06-30")


def tabled(handle: str = "asp-terms-of-reference") -> Decision:
    return Decision.table(
        handle,
        "Terms of reference of the ASP positions (Annex IV)",
        meeting="asp-viii",
        item="governance",
        day=MEETING_DAY,
        text="Annex IV",
    )


def replay(events: list[Decision.Event]) -> Decision:
    decision = None
    for e in events:
        decision = e.mutate(decision)
    assert isinstance(decision, Decision)
    return decision


# The states a decision can be in, each reached the way the secretariat would reach it.
def _tabled() -> Decision:
    return tabled()


def _deferred() -> Decision:
    d = tabled()
    d.decide(Outcome.DEFERRED, meeting="asp-viii", day=MEETING_DAY)
    return d


def _agreed() -> Decision:
    d = tabled()
    d.decide(Outcome.AGREED, meeting="asp-viii", day=MEETING_DAY)
    return d


def _rejected() -> Decision:
    d = tabled()
    d.decide(Outcome.REJECTED, meeting="asp-viii", day=MEETING_DAY)
    return d


def _noted() -> Decision:
    d = tabled()
    d.decide(Outcome.NOTED, meeting="asp-viii", day=MEETING_DAY)
    return d


def _in_written_procedure() -> Decision:
    d = tabled()
    d.refer(day=MEETING_DAY, deadline=D("2023-06-01"))
    return d


def _endorsed() -> Decision:
    d = _in_written_procedure()
    d.close_procedure(endorsed=True, day=D("2023-06-01"))
    return d


def _rejected_by_written_procedure() -> Decision:
    d = _in_written_procedure()
    d.close_procedure(endorsed=False, day=D("2023-06-01"))
    return d


STATES: dict[str, Callable[[], Decision]] = {
    "tabled": _tabled,
    "deferred": _deferred,
    "agreed": _agreed,
    "rejected": _rejected,
    "noted": _noted,
    "in written procedure": _in_written_procedure,
    "endorsed": _endorsed,
    "rejected by written procedure": _rejected_by_written_procedure,
}

# The next steps, each on a day after every state's last step.
STEPS: dict[str, Callable[[Decision], None]] = {
    "agree": lambda d: d.decide(Outcome.AGREED, meeting="asp-ix", day=LATER),
    "defer": lambda d: d.decide(Outcome.DEFERRED, meeting="asp-ix", day=LATER),
    "refer": lambda d: d.refer(day=LATER),
    "endorse": lambda d: d.close_procedure(endorsed=True, day=LATER),
    "reject by written procedure": lambda d: d.close_procedure(endorsed=False, day=LATER),
    "note at a later meeting": lambda d: d.note_at(meeting="asp-ix", day=LATER),
    "correct the outcome": lambda d: d.correct_outcome(Outcome.REJECTED, reason="minutes"),
}

OPEN = {"tabled", "deferred"}
SETTLED = {"agreed", "rejected", "noted", "endorsed", "rejected by written procedure"}
ALLOWED = {
    "agree": OPEN,
    "defer": OPEN,
    "refer": OPEN,
    "endorse": {"in written procedure"},
    "reject by written procedure": {"in written procedure"},
    "note at a later meeting": SETTLED,
    "correct the outcome": SETTLED | {"deferred"},
}
TRANSITIONS = [
    pytest.param(state, step, state in ALLOWED[step], id=f"{step}-when-{state}")
    for state in STATES
    for step in STEPS
]


@pytest.mark.parametrize(("state", "step", "allowed"), TRANSITIONS)
def test_each_step_is_allowed_only_from_the_states_the_life_of_a_decision_permits(
    state: str, step: str, allowed: bool
) -> None:
    d = STATES[state]()
    version, status = d.version, d.status

    if allowed:
        STEPS[step](d)
        assert d.version == version + 1
        return
    with pytest.raises(NotAllowedNow) as refused:
        STEPS[step](d)
    message = str(refused.value)
    assert message.startswith(f"step not allowed: asp-terms-of-reference is {status.value}, so")
    assert "cannot be" in message
    assert (d.version, d.status) == (version, status)


# --- the steps, and what each records --------------------------------------------------------


def test_a_tabled_decision_remembers_its_meeting_item_and_day() -> None:
    d = tabled()

    assert (d.handle, d.meeting, d.status, d.last_day) == (
        "asp-terms-of-reference",
        "asp-viii",
        Status.TABLED,
        MEETING_DAY,
    )
    assert d.steps[0].what == "tabled"
    assert d.steps[0].venue == "asp-viii"


@pytest.mark.parametrize("outcome", list(Outcome))
def test_a_decision_takes_each_outcome_at_its_meeting(outcome: Outcome) -> None:
    d = tabled()

    d.decide(outcome, meeting="asp-viii", day=MEETING_DAY, note="section 6")

    assert d.status == Status(outcome.value)
    assert (d.steps[-1].what, d.steps[-1].venue, d.steps[-1].note) == (
        outcome.value,
        "asp-viii",
        "section 6",
    )


def test_a_deferred_decision_is_decided_at_a_later_meeting() -> None:
    d = _deferred()

    d.decide(Outcome.AGREED, meeting="asp-ix", day=D("2024-05-14"))

    assert d.status == Status.AGREED
    assert [(s.what, s.venue, s.day) for s in d.steps] == [
        ("tabled", "asp-viii", MEETING_DAY),
        ("deferred", "asp-viii", MEETING_DAY),
        ("agreed", "asp-ix", D("2024-05-14")),
    ]


def test_a_deferred_decision_can_be_deferred_again() -> None:
    d = _deferred()

    d.decide(Outcome.DEFERRED, meeting="asp-ix", day=D("2024-05-14"))

    assert d.status == Status.DEFERRED


def test_a_written_procedure_keeps_its_deadline_and_its_venue() -> None:
    d = tabled()

    d.refer(day=MEETING_DAY, deadline=D("2023-06-01"), note="reviewed by email")

    assert (d.status, d.deadline) == (Status.IN_WRITTEN_PROCEDURE, D("2023-06-01"))
    assert (d.steps[-1].what, d.steps[-1].venue) == ("sent to written procedure", WRITTEN_PROCEDURE)


def test_a_written_procedure_may_close_on_its_deadline() -> None:
    d = _in_written_procedure()

    d.close_procedure(endorsed=True, day=D("2023-06-01"))

    assert d.status == Status.ENDORSED
    assert (d.steps[-1].what, d.steps[-1].venue) == (
        "endorsed by written procedure",
        WRITTEN_PROCEDURE,
    )


def test_a_written_procedure_that_rejects_leaves_the_decision_rejected() -> None:
    d = _rejected_by_written_procedure()

    assert d.status == Status.REJECTED
    assert d.steps[-1].what == "rejected by written procedure"


def test_noting_at_a_later_meeting_keeps_the_outcome() -> None:
    d = _endorsed()

    d.note_at(meeting="asp-ix", day=D("2024-05-14"))

    assert d.status == Status.ENDORSED
    assert (d.steps[-1].what, d.steps[-1].venue, d.steps[-1].day) == (
        "noted",
        "asp-ix",
        D("2024-05-14"),
    )


def test_a_decision_is_refused_an_outcome_when_it_has_one() -> None:
    d = _agreed()

    with pytest.raises(NotAllowedNow) as refused:
        d.decide(Outcome.REJECTED, meeting="asp-ix", day=LATER)

    assert str(refused.value) == (
        "step not allowed: asp-terms-of-reference is agreed, so it cannot be rejected now; "
        "only a tabled or deferred decision is decided"
    )


def test_endorsing_a_decision_not_in_written_procedure_says_to_refer_it_first() -> None:
    d = _tabled()

    with pytest.raises(NotAllowedNow) as refused:
        d.close_procedure(endorsed=True, day=LATER)

    assert str(refused.value).endswith("send it to a written procedure first (decision refer)")


# --- days in order ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "step"),
    [
        ("tabled", lambda d, day: d.decide(Outcome.AGREED, meeting="asp-viii", day=day)),
        ("tabled", lambda d, day: d.refer(day=day)),
        ("in written procedure", lambda d, day: d.close_procedure(endorsed=True, day=day)),
        ("agreed", lambda d, day: d.note_at(meeting="asp-vii", day=day)),
    ],
    ids=["decided", "referred", "endorsed", "noted"],
)
def test_a_step_dated_before_the_last_one_is_refused(
    state: str, step: Callable[[Decision, date], None]
) -> None:
    d = STATES[state]()
    version = d.version

    with pytest.raises(OutOfOrder) as refused:
        step(d, D("2023-05-01"))

    message = str(refused.value)
    assert message.startswith("out of order: asp-terms-of-reference cannot be ")
    assert message.endswith("on 2023-05-01, before its last step on 2023-05-02")
    assert d.version == version


def test_a_step_on_the_same_day_as_the_last_one_is_in_order() -> None:
    d = _in_written_procedure()

    d.close_procedure(endorsed=True, day=MEETING_DAY)

    assert d.status == Status.ENDORSED


def test_a_written_procedure_refuses_a_deadline_before_the_referral() -> None:
    d = tabled()

    with pytest.raises(OutOfOrder) as refused:
        d.refer(day=MEETING_DAY, deadline=D("2023-04-30"))

    assert str(refused.value) == (
        "out of order: asp-terms-of-reference cannot be given a deadline on 2023-04-30, "
        "before its last step on 2023-05-02"
    )
    assert (d.status, d.version) == (Status.TABLED, 1)


def test_a_written_procedure_may_end_the_day_it_starts() -> None:
    d = tabled()

    d.refer(day=MEETING_DAY, deadline=MEETING_DAY)

    assert d.deadline == MEETING_DAY


# --- corrections ------------------------------------------------------------------------------


def test_an_outcome_recorded_wrongly_is_corrected_and_both_stay_in_the_history() -> None:
    d = _agreed()

    d.correct_outcome(Outcome.DEFERRED, reason=" the minutes say it was deferred ")

    assert d.status == Status.DEFERRED
    events = d.collect_events()
    assert [type(e) for e in events] == [
        Decision.Tabled,
        Decision.Decided,
        Decision.OutcomeCorrected,
    ]
    assert events[1].outcome == Outcome.AGREED
    assert (events[2].outcome, events[2].reason) == (
        Outcome.DEFERRED,
        "the minutes say it was deferred",
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_outcome_correction_needs_a_reason(reason: str) -> None:
    d = _agreed()

    with pytest.raises(ReasonRequired) as refused:
        d.correct_outcome(Outcome.DEFERRED, reason=reason)

    assert str(refused.value).startswith(
        "reason required: the correction of asp-terms-of-reference's outcome needs a --reason"
    )
    assert (d.status, d.version) == (Status.AGREED, 2)


def test_a_decision_corrected_to_deferred_can_be_decided_again() -> None:
    d = _agreed()
    d.correct_outcome(Outcome.DEFERRED, reason="it was deferred")

    d.decide(Outcome.AGREED, meeting="asp-ix", day=D("2024-05-14"))

    assert d.status == Status.AGREED


def test_replaying_a_decision_s_events_rebuilds_its_whole_life() -> None:
    d = _endorsed()
    d.note_at(meeting="asp-ix", day=D("2024-05-14"), note="recalled")

    replayed = replay(d.collect_events())

    assert (replayed.status, replayed.deadline, replayed.steps) == (d.status, d.deadline, d.steps)
