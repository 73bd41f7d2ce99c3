"""The progress line shown when tqdm is not installed."""

import io

from memfrag.progress import LineProgress, progress_display


def test_the_line_is_rewritten_in_place_and_ended() -> None:
    stream = io.StringIO()
    line = LineProgress(stream)
    line(0, 4, "buddy x mixed-70 seed 7 #0", 250, 1000)
    line(0, 4, "buddy x mixed-70 seed 7 #0", 500, 1000)
    line.close()
    assert stream.getvalue() == "\r[1/4] buddy x mixed-70 seed 7 #0  25%\n"


def test_no_display_unless_asked() -> None:
    assert progress_display(False) is None
    calls = []
    progress_display(lambda *call: calls.append(call))(1, 2, "run", 3, 4)
    assert calls == [(1, 2, "run", 3, 4)]
