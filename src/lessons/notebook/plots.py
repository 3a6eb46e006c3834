"""The course's plots. Each function draws one of the course's tables and returns a ``Chart``: a
matplotlib Figure with a title and labelled axes, in colours that colour-blind readers can tell apart
(Okabe-Ito), shown in a notebook as an image whose alt text and caption are its text description
(the ``describe_*`` partner). A lesson's chart cell is one call, e.g. ``plots.timeline()``."""
from __future__ import annotations

import base64
import html
import io

import matplotlib.ticker
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lessons.core.data import load_table, period_end  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
VERDICT_COLOURS = {"held": "#009E73", "partly": "#56B4E9", "failed": "#D55E00", "unclear": "#999999"}


def _fig(width: float = 9, height: float = 4.5) -> tuple[Figure, Axes]:
    """A figure outside pyplot (so the notebook shows the Chart once, with its description)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots()


class Chart:
    """A figure with its text description; a notebook shows it as <img alt=description> plus a caption."""

    def __init__(self, figure: Figure, description: str):
        self.figure, self.description = figure, description

    def png(self) -> bytes:
        """The chart as PNG bytes."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=90)
        return buffer.getvalue()

    def savefig(self, *args, **kwargs) -> None:
        """Save the figure (as matplotlib's Figure.savefig)."""
        self.figure.savefig(*args, **kwargs)

    def _repr_html_(self) -> str:
        alt = html.escape(self.description, quote=True)
        data = base64.b64encode(self.png()).decode("ascii")
        return (f"<figure class='lessons-chart' style='margin:0'><img src='data:image/png;base64,{data}' "
                f"alt=\"{alt}\" style='max-width:100%'><figcaption><b>Text description:</b> {alt}"
                "</figcaption></figure>")

    def __repr__(self) -> str:
        return f"Chart: {self.description}"


def timeline_figure(frame: pd.DataFrame | None = None) -> Figure:
    """Events by date, one row per category; filled markers for events a paragraph of the article names."""
    df = load_table("timeline") if frame is None else frame
    cats = [c for c in df["category"].cat.categories if (df["category"] == c).any()] \
        if hasattr(df["category"], "cat") else sorted(df["category"].unique())
    fig, ax = _fig(10, 4.8)
    for i, cat in enumerate(cats):
        rows = df[df["category"] == cat]
        colour = OKABE_ITO[i % 8]
        ax.scatter(rows["date"], [i] * len(rows), s=60, marker=MARKERS[i % 8], linewidths=1.5,
                   facecolors=[colour if m else "white" for m in rows["in_article"]], edgecolors=colour)
        for _, span in rows[rows["end"].notna()].iterrows() if "end" in rows else ():
            # an event over a period (a count for January-July) is a line across it, not a point at one end
            ax.plot([span["date"], period_end(span["end"], str(span["precision"]))], [i, i], color=colour,
                    linewidth=2.5, marker="|", markersize=10)
    ax.set_yticks(range(len(cats)), labels=cats)
    ax.set_xlabel("Date")
    ax.set_ylabel("Kind of event")
    ax.set_title("US-Iraq events 2003-2024 (filled: a paragraph of the article names it; a line: an event over a period)")
    ax.grid(axis="x", alpha=0.3)
    return fig


def describe_timeline(frame: pd.DataFrame | None = None) -> str:
    """A text description of the timeline plot."""
    df = load_table("timeline") if frame is None else frame
    counts = df["category"].value_counts()
    first, last = df["date"].min(), df["date"].max()
    years = sorted({d.year for d in df.loc[df["in_article"], "date"]})
    spans = df[df["end"].notna()] if "end" in df else df.iloc[0:0]
    over = (" Events over a period are drawn as a line from its start to its end: "
            + "; ".join(f"{r['event'].split(' (')[0].rstrip('.')} ({r['when']})" for _, r in spans.iterrows()) + ".") if len(spans) else ""
    return (f"Timeline of {len(df)} events from {first:%B %Y} to {last:%B %Y}, one row per kind of event "
            f"({', '.join(f'{k}: {v}' for k, v in counts.items() if v)}). {int(df['in_article'].sum())} "
            f"events (years: {', '.join(map(str, years))}) are ones a paragraph of the article names "
            "(filled markers); the rest are context the article leaves out." + over)


def _short_when(day: pd.Timestamp, precision: str) -> str:
    """A date label for a crowded chart, as precise as the date: '15 Jan 2021', 'Sep 2020', '2007'."""
    return {"year": f"{day.year}", "month": f"{day:%b} {day.year}"}.get(precision, f"{day.day} {day:%b} {day.year}")


def troop_levels_figure(frame: pd.DataFrame | None = None, log: bool = True) -> Figure:
    """US troops in Iraq as separate points (never a line through years without data), labelled approximate."""
    df = load_table("troops") if frame is None else frame
    fig, ax = _fig(9, 4.5)
    ax.scatter(df["date"], df["troops"], s=70, color=OKABE_ITO[0], marker="o", zorder=3,
               label="approximate figure from a source")
    # labels alternate above and below, and step outwards where points crowd together (2020-2021)
    offsets = [(-5, 12), (-30, -30), (-10, 40), (-10, -58), (10, 68)]
    rows = df.sort_values("date").reset_index(drop=True)
    for i, row in rows.iterrows():
        label = _short_when(row["date"], str(row["precision"])) if "precision" in row else f"{row['date']:%b %Y}"
        crowded = i > 0 and (row["date"] - rows["date"].iloc[i - 1]).days < 400
        dx, dy = offsets[i % len(offsets)] if crowded or i < 2 else offsets[i % 2]
        ax.annotate(f"~{row['troops']:,}\n{label}", (row["date"], row["troops"]), textcoords="offset points",
                    xytext=(dx, dy), fontsize=8,
                    arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.5} if abs(dy) > 30 else None)
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
    parts = [f"{r['when'] if 'when' in r else format(r['date'], '%B %Y')}: about {r['troops']:,}"
             for _, r in df.iterrows()]
    return ("US troops in Iraq, approximate figures at the dates the sources give (no data for the "
            "years between points, so no line joins them): " + "; ".join(parts) + ".")


def _words_by_speaker(frame: pd.DataFrame | None) -> pd.Series:
    df = load_table("paragraphs") if frame is None else frame
    return df.groupby("speaker_id")["words"].sum().sort_values()


def _verdict_counts(frame: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.Series]:
    df = load_table("forecasts") if frame is None else frame
    return df, df["verdict"].value_counts().reindex(df["verdict"].cat.categories, fill_value=0)


def words_per_voice_figure(frame: pd.DataFrame | None = None) -> Figure:
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


def claims_by_kind_figure(frame: pd.DataFrame | None = None) -> Figure:
    """Stacked bars: claims per speaker, split by kind (fact, opinion, prediction, recommendation)."""
    df = load_table("claims") if frame is None else frame
    table = pd.crosstab(df["speaker_id"], df["kind"]).reindex(columns=df["kind"].cat.categories, fill_value=0)
    fig, ax = _fig(9, 4.5)
    left = pd.Series(0, index=table.index)
    hatches = ["", "//", "..", "xx"]
    for i, column in enumerate(table.columns):
        ax.barh(table.index, table[column], left=left, color=OKABE_ITO[i], hatch=hatches[i],
                edgecolor="white", label=column)
        left += table[column]
    ax.set_xlabel("Number of claims")
    ax.set_ylabel("Speaker (actor id)")
    ax.set_title("Claims in the article by speaker and kind (kinds: the course's judgement)")
    ax.legend(title="kind", loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def describe_claims_by_kind(frame: pd.DataFrame | None = None) -> str:
    """A text description of the claims plot."""
    df = load_table("claims") if frame is None else frame
    table = pd.crosstab(df["speaker_id"], df["kind"])
    rows = [f"{who}: " + ", ".join(f"{n} {k}" for k, n in row.items() if n) for who, row in table.iterrows()]
    return (f"{len(df)} claims by speaker and kind (the kinds are the course's judgement). " + "; ".join(rows)
            + ".")


def forecast_scorecard_figure(frame: pd.DataFrame | None = None) -> Figure:
    """Bars: how many of the article's forecasts held, partly held, failed or remain unclear."""
    _, counts = _verdict_counts(frame)
    fig, ax = _fig(7, 4)
    bars = ax.bar(counts.index.astype(str), counts.values,
                  color=[VERDICT_COLOURS[v] for v in counts.index], hatch="//", edgecolor="black")
    ax.bar_label(bars, padding=2)
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_ylim(0, counts.max() + 1)
    ax.set_xlabel("The course's verdict (checked against sources to 2024)")
    ax.set_ylabel("Number of forecasts")
    ax.set_title("The article's forecasts: what happened next")
    return fig


def describe_forecast_scorecard(frame: pd.DataFrame | None = None) -> str:
    """A text description of the scorecard plot."""
    df, counts = _verdict_counts(frame)
    return (f"{len(df)} forecasts, by the course's verdict: " + ", ".join(f"{n} {v}" for v, n in counts.items()) +
            ". 'Unclear' means no checked source settles it.")


def actors_by_kind_figure(frame: pd.DataFrame | None = None) -> Figure:
    """Horizontal bars: how many actors of each kind the article names."""
    counts = _actor_kinds(frame)
    fig, ax = _fig(8, 3.5)
    bars = ax.barh(counts.index.astype(str), counts.values, color=OKABE_ITO[0])
    ax.bar_label(bars, padding=3)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("Number of actors")
    ax.set_ylabel("Kind of actor")
    ax.set_title("Actors the article names, by kind")
    return fig


def _actor_kinds(frame: pd.DataFrame | None) -> pd.Series:
    df = load_table("actors") if frame is None else frame
    return df["kind"].value_counts().sort_values()


def describe_actors_by_kind(frame: pd.DataFrame | None = None) -> str:
    """A text description of the actors-by-kind plot."""
    counts = _actor_kinds(frame).iloc[::-1]
    return ("Actors the article names, by kind, most first: " +
            ", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({int(counts.sum())} actors).")


SUPPORT_LEVEL = {"no": 0, "partly": 1, "yes": 2}


def _chain(speaker: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    df = load_table("claims") if frame is None else frame
    return df[df["speaker_id"] == speaker].sort_values(["paragraph", "claim_id"])


def causal_chain_figure(speaker: str = "dulaimi", frame: pd.DataFrame | None = None) -> Figure:
    """One bar per step of a speaker's argument (in paragraph order): the support the article gives it."""
    import textwrap

    rows = _chain(speaker, frame)
    levels = [SUPPORT_LEVEL[str(s)] for s in rows["support"]]
    labels = [f"{cid}: " + textwrap.shorten(str(c), 60) for cid, c in zip(rows["claim_id"], rows["claim"])]
    fig, ax = _fig(9, 1 + 0.6 * max(1, len(rows)))
    hatches = {0: "xx", 1: "..", 2: "//"}
    colours = {0: OKABE_ITO[5], 1: OKABE_ITO[1], 2: OKABE_ITO[2]}
    ax.barh(labels, [lvl + 0.15 for lvl in levels], color=[colours[lvl] for lvl in levels],
            hatch=[hatches[lvl] for lvl in levels], edgecolor="black")
    ax.invert_yaxis()
    ax.set_xticks([0, 1, 2], labels=["no", "partly", "yes"])
    ax.set_xlabel("Support the article gives, in the course's judgement (claims table, 'support')")
    ax.set_ylabel("Step of the argument (first at the top)")
    ax.set_title(f"{speaker}: how the article supports each step")
    ax.set_xlim(0, 2.3)
    return fig


def describe_causal_chain(speaker: str = "dulaimi", frame: pd.DataFrame | None = None) -> str:
    """A text description of the causal-chain plot."""
    rows = _chain(speaker, frame)
    steps = [f"{r.claim_id} (P{r.paragraph}, {r.kind}): support {r.support}" for r in rows.itertuples()]
    return (f"{len(rows)} steps of {speaker}'s argument, first to last, with the support the course judges the "
            "article gives each: " + "; ".join(steps) + ".")


def timeline(frame: pd.DataFrame | None = None) -> Chart:
    """The timeline plot with its description (see timeline_figure)."""
    return Chart(timeline_figure(frame), describe_timeline(frame))


def troop_levels(frame: pd.DataFrame | None = None, log: bool = True) -> Chart:
    """The troop-levels plot with its description (see troop_levels_figure)."""
    return Chart(troop_levels_figure(frame, log), describe_troop_levels(frame))


def words_per_voice(frame: pd.DataFrame | None = None) -> Chart:
    """The words-per-voice plot with its description."""
    return Chart(words_per_voice_figure(frame), describe_words_per_voice(frame))


def claims_by_kind(frame: pd.DataFrame | None = None) -> Chart:
    """The claims-by-kind plot with its description."""
    return Chart(claims_by_kind_figure(frame), describe_claims_by_kind(frame))


def forecast_scorecard(frame: pd.DataFrame | None = None) -> Chart:
    """The forecast scorecard with its description."""
    return Chart(forecast_scorecard_figure(frame), describe_forecast_scorecard(frame))


def actors_by_kind(frame: pd.DataFrame | None = None) -> Chart:
    """The actors-by-kind plot with its description."""
    return Chart(actors_by_kind_figure(frame), describe_actors_by_kind(frame))


def causal_chain(speaker: str = "dulaimi", frame: pd.DataFrame | None = None) -> Chart:
    """The causal-chain plot of one speaker's argument, with its description."""
    return Chart(causal_chain_figure(speaker, frame), describe_causal_chain(speaker, frame))
