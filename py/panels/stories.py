"""The panels of core/stories.py: the mechanism storyboard, the visual inquiry and the
practice loop.

Storyboard: the learner picks a change, may predict what it will do, it plays on the
demo, then it is explained and the prediction judged from the frames.

The storyboard borrows the demo while it plays (``Notebook.lend``): the learner's
own round is set aside, untouched, and comes back with Reset, with “Back to your
round” in the demo, or as soon as the learner moves q there.
"""

from core import stories
from core.state import Change
from core.text import info, num
from dom import Panel, PredictionPanel, element, guarded, open_storage
from pyodide.ffi import create_proxy
from pyscript import document, window

FRAME_MS = 700
BORROWER = "storyboard"
#: The practice answer's note when saving works.
KEPT = "Your answer is kept in this browser only, so it is still here after a reload."


def short(values):
    return "(" + ", ".join(num(v, 2) for v in values) + ")"


class StoryboardPanel(PredictionPanel):
    """Plays the chosen story on the demo, frame by frame, then says what it showed."""

    renders = frozenset({Change.ROUND, Change.UNIT, Change.SCORE, Change.REVEAL})

    def bind(self):
        self.stories = {s.key: s for s in stories.STORIES}
        self.story = None
        self.snaps = []
        self.frame = -1
        self.timer = None
        self.prediction = None  # the locked-in answer for the chosen story, if any
        self.counted = None  # whether that prediction counts in the score (set at first play)
        self.note = ""  # why it counts or not, written when it is first judged
        self.watched = set()  # stories played at least once: a later prediction is no guess
        self.form, self.choices, self.predict_error, self.predict_status = self.find_each(
            "#story-predict", "#story-options", "#story-predict-error", "#story-predict-status"
        )
        self.lock_button = self.find("#story-lock")
        self.verdict, self.score = self.find_each("#story-verdict-text", "#story-score")
        self.listen(self.form, "submit", self.lock_in)
        self.table = self.find("#story-table")
        self.body, self.counter, self.message, self.outcome = self.find_each(
            "#story-table tbody", "#story-frame", "#story-message", "#story-outcome"
        )
        self.on_choice(".story-choice", self.choose)
        for name, handler in (
            ("play", self.play),
            ("pause", self.pause),
            ("step", self.step),
            ("reset", self.reset),
        ):
            self.listen(self.find(f"#story-{name}"), "click", handler)
        self._tick = self.keep(create_proxy(guarded(self.step)))  # one proxy for every timer

    def choose(self, key):
        self.reset()
        self.story = self.stories[key]
        self.snaps, _, _ = stories.reaction(self.story)
        self.message.hidden = True
        self.ask()

    # ---- the prediction ------------------------------------------------------------

    def ask(self):
        """Offer the chosen story's question, with nothing locked in."""
        question = self.story.question
        self.find("#story-question").textContent = f"Before it plays: {question.text}"
        self.choices.replaceChildren()
        for value, text in question.options:
            label = element("label")
            label.appendChild(
                element("input", {"type": "radio", "name": "story-prediction", "value": value})
            )
            label.append(" " + text)
            self.choices.appendChild(label)
        self.prediction = self.counted = None
        self.note = ""
        self.predict_error.hidden = True
        self.predict_status.textContent = (
            "Predict, then press Play or Step; or just play it. Your first prediction for "
            "each story counts in the demo’s score."
        )
        self.set_locked(False)
        self.form.hidden = False
        self.show_verdict(None)

    MISSING = "Pick one of the three answers first, or press Play to watch without predicting."
    NEXT = "Now press Play or Step."

    def answer_label(self, value):
        return dict(self.story.question.options)[value]

    def start_story(self):
        """The first frame is about to play: the prediction, if any, is now final."""
        if self.counted is not None:
            return  # a replay after the learner took the demo back: judged as before
        if self.prediction is None:
            self.lock_in()  # an answer chosen but not locked in still counts as the guess
        key = self.story.key
        self.counted = self.prediction is not None and key not in self.watched
        self.watched.add(key)
        self.set_locked(True)
        if self.prediction is None:
            self.predict_status.textContent = (
                "Playing without a prediction: nothing is scored for this story."
            )

    def judge(self):
        """At the last frame: was the prediction right? Score it once, if it counts."""
        if self.prediction is None:
            return
        right, _ = stories.judge(self.story.question, self.prediction, self.snaps, self.nb.unit)
        if not self.note:  # first time this prediction is judged (a replay keeps the note)
            key = f"story:{self.story.key}"
            answered_before = key in self.nb.answers
            if self.counted:
                self.nb.answer(key, right)
            self.note = stories.score_note(self.counted and not answered_before, answered_before)
        self.show_verdict(right)

    def show_verdict(self, right):
        """The verdict in the chosen unit, with the score line as it stands; or nothing."""
        box = self.verdict.parentElement
        reaction = self.find("#story-reaction")
        reaction.hidden = right is not None  # the verdict carries these numbers: said once
        if right is None:
            self.verdict.textContent = self.score.textContent = ""
            box.classList.remove("right", "wrong")
            return
        _, text = stories.judge(self.story.question, self.prediction, self.snaps, self.nb.unit)
        self.verdict.textContent = text
        self.show_score()
        box.classList.toggle("right", right)
        box.classList.toggle("wrong", not right)

    def render(self, change):
        if self.follows_score(change):
            return
        if change == Change.UNIT:
            self.rewrite_in_unit()
            return
        # The demo was given back (the learner moved q, or pressed “Back to your round”):
        # stop playing on it; the frames played so far stay in the table.
        if self.nb.lent_to != BORROWER and self.frame >= 0:
            self.pause()
            self.frame = -1

    def dispose(self):
        self.pause()  # a timer still running would call a destroyed proxy
        super().dispose()

    def ready(self):
        if self.story is None:
            self.message.textContent = "Choose a change first: which one should KL make visible?"
            self.message.hidden = False
            return False
        return True

    def play(self, event=None):
        if not self.ready() or self.timer is not None:
            return
        if window.matchMedia("(prefers-reduced-motion: reduce)").matches:
            while self.frame < len(self.snaps) - 1:  # steps at once, no animation
                self.step()
            return
        if self.frame >= len(self.snaps) - 1:
            self.reset()
        self.step()
        self.timer = window.setInterval(self._tick, FRAME_MS)

    def pause(self, event=None):
        if self.timer is not None:
            window.clearInterval(self.timer)
            self.timer = None

    def step(self, event=None):
        if not self.ready():
            return
        if self.frame >= len(self.snaps) - 1:
            self.pause()
            return
        if self.frame < 0:
            self.clear()
            self.start_story()
            self.nb.lend(BORROWER)  # the frames show totals: set the learner's round aside
        self.frame += 1
        snap = self.snaps[self.frame]
        self.nb.set_weights(snap.weights)
        self.add_row(snap)
        self.counter.textContent = f"Frame {self.frame + 1} of {len(self.snaps)}"
        if self.frame == len(self.snaps) - 1:
            self.pause()
            self.explain()
            self.judge()

    def rewrite_in_unit(self):
        """The frames already in the table, and the reaction, in the unit just chosen."""
        for row, snap in zip(self.body.querySelectorAll("tr"), self.snaps, strict=False):
            cells = row.querySelectorAll("td")
            cells[2].textContent = info(snap.kl_pq, self.nb.unit)
            cells[3].textContent = info(snap.kl_qp, self.nb.unit)
        if not self.outcome.hidden:
            self.explain()
        if self.verdict.textContent:
            self.show_verdict(stories.answer_of(self.story.question, self.snaps) == self.prediction)

    def add_row(self, snap):
        row = document.createElement("tr")
        cells = (
            (str(self.frame + 1), ""),
            (short(snap.q), ""),
            (info(snap.kl_pq, self.nb.unit), "col-p"),
            (info(snap.kl_qp, self.nb.unit), "col-q"),
        )
        for text, css in cells:
            cell = document.createElement("td")
            cell.textContent = text
            if css:
                cell.className = css
            row.appendChild(cell)
        self.body.appendChild(row)
        self.table.hidden = False

    def explain(self):
        first, last = self.snaps[0], self.snaps[-1]
        self.find("#story-reaction").textContent = stories.narrate(first, last, self.nb.unit)
        self.find("#story-explanation").textContent = self.story.explanation
        self.outcome.hidden = False

    def clear(self):
        self.body.replaceChildren()
        self.table.hidden = True
        self.outcome.hidden = True
        self.counter.textContent = ""

    def reset(self, event=None):
        self.pause()
        self.frame = -1
        self.clear()
        if self.nb.lent_to == BORROWER:
            self.nb.give_back()
        if self.story is not None and event is not None:  # the Reset button: ask again
            self.ask()


class InquiryPanel(Panel):
    """Says what the chosen demo object shows and hides, with the numbers of the live q."""

    renders = frozenset({Change.CUE, Change.WEIGHTS, Change.REVEAL, Change.ROUND, Change.UNIT})

    def bind(self):
        self.answer, self.shows, self.hides = self.find_each(
            "#inquiry-answer", "#inquiry-shows", "#inquiry-hides"
        )
        self.on_choice(".cue-choice", self.nb.set_cue)

    def render(self, change):
        nb = self.nb
        if nb.cue is None:
            return
        # The bars are on screen in every state, the rows and totals once revealed; the
        # current q is what the demo draws, so the sentences follow it.
        shows, hides = stories.cue_text(nb.cue, nb.current, nb.revealed, nb.unit)
        self.shows.textContent = shows
        self.hides.textContent = hides
        self.answer.hidden = False


class PracticePanel(Panel):
    """The practice loop: a kept free-text answer, hints one at a time, live challenges."""

    renders = frozenset({Change.INIT, Change.REVEAL, Change.WEIGHTS})

    def bind(self):
        self.hints = [self.find(f"#hint-{i + 1}") for i in range(len(stories.HINTS))]
        self.shown_hints = 0
        self.hint_button = self.find("#hint-next")
        self.answer = self.find("#practice-prediction")
        self.saved = self.find("#practice-saved")
        self.items = {
            c.key: (self.find(f'[data-challenge="{c.key}"]'), self.find(f"#challenge-{c.key}"))
            for c in stories.CHALLENGES
        }
        self.storage = open_storage()
        text, notice = stories.load_answer(self.storage)
        if text and not self.answer.value:  # never overwrite what was typed before Python woke
            self.answer.value = text
        self.report(notice)
        self.listen(self.hint_button, "click", self.next_hint)
        self.listen(self.answer, "input", self.on_answer)

    def on_answer(self, event):
        self.report(stories.save_answer(self.storage, self.answer.value))

    def report(self, notice):
        text = notice or KEPT
        if self.saved.textContent != text:  # a live region: say each change once
            self.saved.textContent = text
        self.saved.classList.toggle("problem", bool(notice))

    def next_hint(self, event):
        hint = self.hints[self.shown_hints]
        hint.hidden = False
        self.shown_hints += 1
        if self.shown_hints == len(self.hints):
            self.hint_button.hidden = True
            hint.setAttribute("tabindex", "-1")
            hint.focus()
        else:
            self.hint_button.textContent = f"Show hint {self.shown_hints + 1} of {len(self.hints)}"

    def render(self, change):
        if self.nb.lent_to is not None:
            return  # while the storyboard plays on the demo, its frames are not your work
        status = stories.challenge_status(self.nb.shown)
        for key, met in status.items():
            item, label = self.items[key]
            item.classList.toggle("met", met)
            label.textContent = "Met" if met else "Not yet"
