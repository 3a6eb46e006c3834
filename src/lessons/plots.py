"""The course's plots. Each function returns a matplotlib Figure with a title and labelled
axes, in colours that colour-blind readers can tell apart (Okabe-Ito), and each has a
``describe_*`` partner that returns the text description printed beside it."""
from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402,F401
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lessons.data import load_table  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
VERDICT_COLOURS = {"held": "#009E73", "partly": "#56B4E9", "failed": "#D55E00", "unclear": "#999999"}


def _fig(width: float = 9, height: float = 4.5) -> tuple[Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def timeline(frame: pd.DataFrame | None = None) -> Figure:
    """Events by date, one row per category; filled markers for events the article mentions."""
    df = load_table("timeline") if frame is None else frame
    cats = [c for c in df["category"].cat.categories if (df["category"] == c).any()] \
        if hasattr(df["category"], "cat") else sorted(df["category"].unique())
    fig, ax = _fig(10, 4.8)
    for i, cat in enumerate(cats):
        rows = df[df["category"] == cat]
        colour = OKABE_ITO[i % 8]
        ax.scatter(rows["date"], [i] * len(rows), s=60, marker=MARKERS[i % 8], linewidths=1.5,
                   facecolors=[colour if m else "white" for m in rows["in_article"]], edgecolors=colour)
    ax.set_yticks(range(len(cats)), labels=cats)
    ax.set_xlabel("Date")
    ax.set_ylabel("Kind of event")
    ax.set_title("US-Iraq events 2003-2024 (filled: the article mentions it)")
    ax.grid(axis="x", alpha=0.3)
    return fig


def describe_timeline(frame: pd.DataFrame | None = None) -> str:
    """A text description of the timeline plot."""
    df = load_table("timeline") if frame is None else frame
    counts = df["category"].value_counts()
    first, last = df["date"].min(), df["date"].max()
    years = sorted({d.year for d in df.loc[df["in_article"], "date"]})
    return (f"Timeline of {len(df)} events from {first:%B %Y} to {last:%B %Y}, one row per kind of event "
            f"({', '.join(f'{k}: {v}' for k, v in counts.items() if v)}). {int(df['in_article'].sum())} "
            f"events (years: {', '.join(map(str, years))}) are ones the article mentions or alludes to "
            "(filled markers); the rest are context the article leaves out.")


def troop_levels(frame: pd.DataFrame | None = None, log: bool = True) -> Figure:
    """US troops in Iraq as separate points (never a line through years without data), labelled approximate."""
    df = load_table("troops") if frame is None else frame
    fig, ax = _fig(9, 4.5)
    ax.scatter(df["date"], df["troops"], s=70, color=OKABE_ITO[0], marker="o", zorder=3,
               label="approximate figure from a source")
    for i, (_, row) in enumerate(df.sort_values("date").iterrows()):
        ax.annotate(f"~{row['troops']:,}\n{row['date']:%b %Y}", (row["date"], row["troops"]),
                    textcoords="offset points", xytext=(-20, 10 if i % 2 == 0 else -30), fontsize=8)
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.yaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        ax.set_ylim(50, 500_000)
    ax.set_xlabel("Date")
    ax.set_ylabel("US troops in Iraq (approximate" + (", log scale)" if log else ")"))
    ax.set_title("US troops in Iraq at the dates sources give (points only: no data between them)")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right")
    return fig


def describe_troop_levels(frame: pd.DataFrame | None = None) -> str:
    """A text description of the troop-levels plot."""
    df = load_table("troops") if frame is None else frame.sort_values("date")
    df = df.sort_values("date")
    parts = [f"{r['date']:%b %Y}: about {r['troops']:,}" for _, r in df.iterrows()]
    return ("US troops in Iraq, approximate figures at the dates the sources give (no data for the "
            "years between points, so no line joins them): " + "; ".join(parts) + ".")


def _words_by_speaker(frame: pd.DataFrame | None) -> pd.Series:
    df = load_table("paragraphs") if frame is None else frame
    return df.groupby("speaker_id")["words"].sum().sort_values()


def _verdict_counts(frame: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.Series]:
    df = load_table("forecasts") if frame is None else frame
    return df, df["verdict"].value_counts().reindex(df["verdict"].cat.categories, fill_value=0)


def words_per_voice(frame: pd.DataFrame | None = None) -> Figure:
    """Horizontal bars: words in the paragraphs where each voice speaks."""
    words = _words_by_speaker(frame)
    fig, ax = _fig(8, 4)
    bars = ax.barh(words.index, words.values, color=OKABE_ITO[0])
    ax.bar_label(bars, padding=3)
    ax.set_xlabel("Words in the paragraphs where this voice speaks")
    ax.set_ylabel("Voice (actor id)")
    ax.set_title("Who gets the most space in the article?")
    return fig


def describe_words_per_voice(frame: pd.DataFrame | None = None) -> str:
    """A text description of the words-per-voice plot."""
    words = _words_by_speaker(frame).iloc[::-1]
    return ("Words per voice, largest first: " + ", ".join(f"{k} {v}" for k, v in words.items()) +
            f" (total {int(words.sum())} words in P1-P18).")


def claims_by_kind(frame: pd.DataFrame | None = None) -> Figure:
    """Stacked bars: claims per speaker, split by kind (fact, opinion, prediction, recommendation)."""
    df = load_table("claims") if frame is None else frame
    table = pd.crosstab(df["speaker_id"], df["kind"]).reindex(columns=df["kind"].cat.categories, fill_value=0)
    fig, ax = _fig(9, 4.5)
    left = pd.Series(0, index=table.index)
    hatches = ["", "//", "..", "xx"]
    for i, kind in enumerate(table.columns):
        ax.barh(table.index, table[kind], left=left, color=OKABE_ITO[i], hatch=hatches[i],
                edgecolor="white", label=kind)
        left += table[kind]
    ax.set_xlabel("Number of claims")
    ax.set_ylabel("Speaker (actor id)")
    ax.set_title("Claims in the article by speaker and kind")
    ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def describe_claims_by_kind(frame: pd.DataFrame | None = None) -> str:
    """A text description of the claims plot."""
    df = load_table("claims") if frame is None else frame
    table = pd.crosstab(df["speaker_id"], df["kind"])
    rows = [f"{who}: " + ", ".join(f"{n} {k}" for k, n in row.items() if n) for who, row in table.iterrows()]
    return f"{len(df)} claims by speaker and kind. " + "; ".join(rows) + "."


def forecast_scorecard(frame: pd.DataFrame | None = None) -> Figure:
    """Bars: how many of the article's forecasts held, partly held, failed or remain unclear."""
    _, counts = _verdict_counts(frame)
    fig, ax = _fig(7, 4)
    bars = ax.bar(counts.index.astype(str), counts.values,
                  color=[VERDICT_COLOURS[v] for v in counts.index], hatch="//", edgecolor="black")
    ax.bar_label(bars, padding=2)
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_ylim(0, counts.max() + 1)
    ax.set_xlabel("Verdict (checked against sources to 2024)")
    ax.set_ylabel("Number of forecasts")
    ax.set_title("The article's forecasts: what happened next")
    return fig


def describe_forecast_scorecard(frame: pd.DataFrame | None = None) -> str:
    """A text description of the scorecard plot."""
    df, counts = _verdict_counts(frame)
    return (f"{len(df)} forecasts: " + ", ".join(f"{n} {v}" for v, n in counts.items()) +
            ". 'Unclear' means the checked sources cannot settle it.")
