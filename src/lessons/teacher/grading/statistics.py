"""Item analysis: per question, how many answered, the share correct, discrimination, the options
chosen and the mean attempts."""
from __future__ import annotations

from collections import Counter

from lessons.teacher.grading.results import Gradebook
from lessons.core.kinds.base import chosen_labels

UPPER_LOWER_SHARE = 0.27  # Kelley's upper and lower 27%: the classic split for discrimination
MIN_FOR_DISCRIMINATION = 4  # learners: fewer leave no one in one of the groups


choice_labels = chosen_labels  # the option labels an answer to a choice question picked


def item_statistics(book: Gradebook) -> list[dict]:
    """Per question: answered, share correct, discrimination (upper-lower 27%), option counts, mean attempts."""
    results = book.results
    size = len(book.questions)
    ranked = sorted(results, key=lambda r: r.total)
    k = max(1, round(len(ranked) * UPPER_LOWER_SHARE)) if len(ranked) >= MIN_FOR_DISCRIMINATION else 0
    answered, points, attempts = [0] * size, [0.0] * size, [0] * size
    upper_pts, lower_pts, written = [0.0] * size, [0.0] * size, [0] * size
    options: list[Counter] = [Counter() for _ in range(size)]
    choice_qs = [i for i, labels in enumerate(book.options) if labels]
    for r in results:
        for i, value in enumerate(r.scores):
            if value is not None:
                answered[i] += 1
                points[i] += value
                attempts[i] += r.attempts[i]
        for i in r.written:
            written[i] += 1
        for i in choice_qs:
            choice = r.choices[i]
            if type(choice) is str:
                options[i][choice] += 1
            elif choice is not None:
                options[i].update(choice_labels(choice))
    for group, store in ((ranked[-k:] if k else [], upper_pts), (ranked[:k], lower_pts)):
        for r in group:
            for i, value in enumerate(r.scores):
                if value:
                    store[i] += value
    rows = []
    for i, (bank, q) in enumerate(book.questions):
        row = {"quiz": bank.quiz, "question": q.id, "kind": q.kind, "objective": q.objective, "level": q.level,
               "points": q.points if q.auto_scored else 0, "answered": answered[i], "share_correct": "",
               "discrimination": "", "options_chosen": "", "mean_attempts": ""}
        if not q.auto_scored:
            row["answered"] = written[i]
        elif q.points:
            if answered[i]:
                row["share_correct"] = round(points[i] / (answered[i] * q.points), 3)
                row["mean_attempts"] = round(attempts[i] / answered[i], 2)
            if k:
                row["discrimination"] = round((upper_pts[i] - lower_pts[i]) / (k * q.points), 3)
        if i in choice_qs:
            row["options_chosen"] = " | ".join(f"{o}: {options[i][o]}" for o in book.options[i])
        rows.append(row)
    return rows
