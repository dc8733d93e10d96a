"""EMG channels of a recording: which channels are EMG, which muscle and side, and are they usable.

Three questions per analog channel:

1. **Is it a candidate?** Force-plate channels (``FORCE_PLATFORM:CHANNEL``), channels in N or N·mm and
   labels such as ``Fz1`` or ``Moment.Mx2`` are not.
2. **Which muscle and side?** From the label the lab gave it (``RTA``, ``R_TA``, ``Voltage.RVL``,
   ``Right Tibialis anterior``, ``Rt gastroc`` ...), or its description, or an explicit mapping
   (``EMG 3=tibialis_anterior``). Abbreviations that different labs use for different muscles
   (:data:`AMBIGUOUS`) are never guessed: such a channel keeps its own label until it is mapped.
3. **Does the signal look like raw EMG?** :func:`assess_signal` flags flat, clipped and mains-dominated
   channels, signals that are not EMG (sync pulses, foot switches, slow signals), and channels that
   are already rectified or enveloped (processed without band-pass and rectification).

Examples
--------
>>> parse_label("Voltage.RTA")
('tibialis_anterior', 'right', 'label abbreviation TA')
>>> parse_label("Right Biceps Femoris Caput Longu")[:2]
('biceps_femoris', 'right')
>>> parse_label("RGAS")[0] is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import signal

from .. import emg

__all__ = [
    "AMBIGUOUS",
    "ABBREVIATIONS",
    "Quality",
    "ChannelInfo",
    "parse_label",
    "parse_mapping",
    "assess_signal",
    "band_for_rate",
]

#: Lab abbreviations read without doubt (after the side is taken off): abbreviation -> catalogue id.
ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys(["TA", "TIBANT", "TIBA", "TIB", "TIBIALIS", "TIBIALISANT"], "tibialis_anterior"),
    **dict.fromkeys(["SOL", "SOLEUS"], "soleus"),
    **dict.fromkeys(["MG", "GASMED", "GASTROCMED", "GAM"], "gastrocnemius_medialis"),
    **dict.fromkeys(["LG", "GASLAT", "GASTROCLAT"], "gastrocnemius_lateralis"),
    **dict.fromkeys(["VL", "VASLAT", "VLAT"], "vastus_lateralis"),
    **dict.fromkeys(["VM", "VMO", "VASMED", "VMED"], "vastus_medialis"),
    **dict.fromkeys(["RF", "RECFEM", "RECTUS", "RECTUSFEM", "REC"], "rectus_femoris"),
    **dict.fromkeys(["BF", "BFLH", "BICFEM", "BFL"], "biceps_femoris"),
    **dict.fromkeys(["ST", "SEMITEN", "SEMIT"], "semitendinosus"),
    **dict.fromkeys(["SM", "SEMIMEM"], "semimembranosus"),
    **dict.fromkeys(["MH", "MEDHAM", "MEDHAMS"], "medial_hamstrings"),
    **dict.fromkeys(["PL", "PE", "PER", "PERON", "PERONEUS", "PERLONG", "FIB", "FIBULARIS", "PERL"], "peroneus_longus"),
    **dict.fromkeys(["GMAX", "GLMAX", "GLUTMAX", "GMX"], "gluteus_maximus"),
    **dict.fromkeys(["GMED", "GLMED", "GLUTMED", "GMD"], "gluteus_medius"),
    **dict.fromkeys(["TFL"], "tensor_fasciae_latae"),
    **dict.fromkeys(["ERS", "ES", "ERECTOR"], "erector_spinae"),
}

#: Abbreviations that name different muscles in different labs: never mapped without an explicit mapping.
AMBIGUOUS: dict[str, str] = {
    "SO": "soleus in some labs; give it with --map",
    "GM": "gastrocnemius medialis, gluteus maximus or gluteus medius",
    "GL": "gastrocnemius lateralis or a gluteus",
    "MA": "gluteus maximus in some labs, but not a standard abbreviation",
    "ME": "gluteus medius in some labs, but not a standard abbreviation",
    "FL": "tensor fasciae latae in some labs, or a flexor",
    "GAS": "medial or lateral gastrocnemius",
    "GA": "medial or lateral gastrocnemius",
    "GASTROC": "medial or lateral gastrocnemius",
    "GASTROCNEMIUS": "medial or lateral gastrocnemius",
    "HAM": "medial or lateral hamstrings",
    "HA": "medial or lateral hamstrings",
    "HAMSTRING": "medial or lateral hamstrings",
    "HAMSTRINGS": "medial or lateral hamstrings",
    "LH": "biceps femoris (lateral hamstrings) or a long head",
    "GLUT": "which gluteus",
    "GLUTEUS": "which gluteus",
    "VAS": "which vastus",
    "QUAD": "which quadriceps muscle",
}

#: Words that mark a channel that is not EMG, whatever its signal.
_NOT_EMG = re.compile(
    r"^(f[xyz]\d*|m[xyz]\d*|force|moment|cop|cp[xyz]|trigger|sync|pin \d+|.*foot ?switch.*|.*footsw.*|.*contact.*)$",
    re.I,
)
_FORCE_LABEL = re.compile(r"(^|[._ ])(force|moment)[._ ]|^(f|m)[xyz]\d+$|^(f|m)\d+[xyz]$", re.I)
_PREFIX = re.compile(r"^(analog ?emg::voltage|voltage|emg|analog|sensor|channel|ch|sig)\s*[._: \-]?\s*", re.I)

#: Side words, longest first.
_SIDES = (("right", "right"), ("left", "left"), ("rt", "right"), ("lt", "left"), ("r", "right"), ("l", "left"))


@dataclass(frozen=True)
class Quality:
    """What the signal of a channel looks like.

    Attributes
    ----------
    kind : str
        ``raw`` (raw EMG: full pipeline), ``rectified`` or ``envelope`` (already processed: low-pass
        only), or a reason to leave it out: ``flat``, ``clipped``, ``mains``, ``not_emg``, ``rate``.
    reason : str
        Plain-language explanation with the numbers behind it.
    warning : str
        A problem that does not stop the channel being used (empty when none).
    """

    kind: str
    reason: str
    warning: str = ""

    @property
    def usable(self) -> bool:
        """Whether the channel can give an activation curve."""
        return self.kind in ("raw", "rectified", "envelope")


@dataclass
class ChannelInfo:
    """One analog channel as the pipeline sees it.

    Attributes
    ----------
    index : int
        Position in the file (0-based).
    label, unit, description : str
        As stored.
    muscle : str or None
        Catalogue id, or None when the label does not name a muscle without doubt.
    side : str or None
        ``right``, ``left`` or None when the label does not say.
    how : str
        How the muscle was decided (label abbreviation, full name, description, explicit mapping).
    note : str
        Why a label was not mapped (ambiguous abbreviation) or other remarks.
    quality : Quality or None
        Result of :func:`assess_signal` (None for channels that are not EMG candidates).
    candidate : bool
        Whether the channel could be EMG at all (not a force-plate or force channel).
    """

    index: int
    label: str
    unit: str
    description: str
    muscle: str | None
    side: str | None
    how: str
    note: str
    quality: Quality | None
    candidate: bool


@cache
def _catalogue_names() -> list[tuple[str, str]]:
    """(normalised name, id) for every catalogue muscle name and common name of 4+ characters, longest first."""
    from ..muscles import load_muscles

    table = load_muscles()
    pairs = []
    for mid, row in table.iterrows():
        for name in [mid, row["name"], *row["common_names"]]:
            key = _squash(name)
            if len(key) >= 4 and key.upper() not in AMBIGUOUS and key.upper() not in ABBREVIATIONS:
                pairs.append((key, mid))
    return sorted(set(pairs), key=lambda p: -len(p[0]))


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


def _lookup(token: str) -> tuple[str | None, str]:
    """Muscle for a side-free token: (id or None, how / why not)."""
    key = _squash(token)
    if not key:
        return None, ""
    upper = key.upper()
    if upper in AMBIGUOUS:
        return None, f"ambiguous abbreviation {upper} ({AMBIGUOUS[upper]})"
    if upper in ABBREVIATIONS:
        return ABBREVIATIONS[upper], f"label abbreviation {upper}"
    if len(key) >= 4:
        for name, mid in _catalogue_names():
            if key == name or key.startswith(name) or (len(key) >= 8 and name.startswith(key)):
                return mid, "full name"
    return None, ""


def _split_side(text: str) -> list[tuple[str | None, str]]:
    """Candidate (side, rest) readings of a label, the most explicit first."""
    out: list[tuple[str | None, str]] = []
    words = re.split(r"[\s_.\-:/]+", text.strip())
    words = [w for w in words if w]
    if not words:
        return out
    low = [w.lower() for w in words]
    for word, side in _SIDES:
        if low[0] == word and len(words) > 1:
            out.append((side, " ".join(words[1:])))
        if low[-1] == word and len(words) > 1:
            out.append((side, " ".join(words[:-1])))
    out.append((None, " ".join(words)))
    joined = "".join(words)
    for word, side in _SIDES:
        if joined.lower().startswith(word) and len(joined) > len(word) + 1:
            out.append((side, joined[len(word):]))
    for word, side in _SIDES[:4]:
        if joined.lower().endswith(word) and len(joined) > len(word) + 1:
            out.append((side, joined[: -len(word)]))
    for word, side in _SIDES[4:]:
        # a trailing r/l only on long lowercase names (OpenSim style: "soleusr", "tibantr")
        if joined.endswith(word) and len(joined) >= 6 and joined.islower():
            out.append((side, joined[:-1]))
    return out


def parse_label(label: str, description: str = "") -> tuple[str | None, str | None, str]:
    """Muscle and side from a channel label (or its description when the label says nothing).

    Parameters
    ----------
    label : str
        Channel label as stored, e.g. ``"Voltage.RVL"``, ``"R_TA"``, ``"Right Tibialis Anterior"``.
    description : str
        Channel description, e.g. ``"Rt tibialis"``; used when the label gives no muscle.

    Returns
    -------
    muscle : str or None
        Catalogue id, or None (not a muscle name, or an ambiguous abbreviation).
    side : str or None
        ``right``/``left`` or None.
    how : str
        How the muscle was read, or why it was not (e.g. ``ambiguous abbreviation GAS (...)``).

    Examples
    --------
    >>> parse_label("R_TA")
    ('tibialis_anterior', 'right', 'label abbreviation TA')
    >>> parse_label("RTTI", "Rt tibialis")
    ('tibialis_anterior', 'right', 'description, label abbreviation TIBIALIS')
    >>> parse_label("SO")
    (None, None, 'ambiguous abbreviation SO (soleus in some labs; give it with --map)')
    """
    why_not = ""
    side_seen: str | None = None
    for source, text in (("", label), ("description, ", description)):
        text = _PREFIX.sub("", str(text).strip()) if text else ""
        if not text:
            continue
        for side, rest in _split_side(text):
            muscle, how = _lookup(rest)
            if muscle:
                return muscle, side, source + how
            if how and not why_not:
                why_not, side_seen = how, side
    return None, side_seen, why_not


def parse_mapping(items: list[str] | dict[str, str] | None) -> dict[str, tuple[str | None, str | None]]:
    """Read an explicit channel mapping.

    Parameters
    ----------
    items : list of str or dict
        ``"LABEL=MUSCLE"`` strings (or a dict label -> muscle). The muscle is a catalogue id, name or
        common name, optionally with ``_left``/``_right`` (or ``left ``/``right ``) for the side;
        ``LABEL=ignore`` leaves the channel out.

    Returns
    -------
    dict
        Label -> (muscle id or None for ``ignore``, side or None).

    Raises
    ------
    ValueError
        A malformed item or an unknown muscle (the message lists the valid ids).

    Examples
    --------
    >>> parse_mapping(["EMG 3=tibialis_anterior", "EMG4=soleus_left"])
    {'EMG 3': ('tibialis_anterior', None), 'EMG4': ('soleus', 'left')}
    """
    from ..muscles import resolve_muscle

    if items is None:
        return {}
    pairs = list(items.items()) if isinstance(items, dict) else []
    if not isinstance(items, dict):
        for item in items:
            if "=" not in str(item):
                raise ValueError(f"channel mapping {item!r} must look like LABEL=MUSCLE, e.g. 'EMG 3=tibialis_anterior'")
            label, muscle = str(item).rsplit("=", 1)
            pairs.append((label, muscle))
    out: dict[str, tuple[str | None, str | None]] = {}
    for label, muscle in pairs:
        label, muscle = str(label).strip(), str(muscle).strip()
        if not label or not muscle:
            raise ValueError(f"channel mapping {label}={muscle} needs both a channel label and a muscle")
        if muscle.lower() in ("ignore", "skip", "none", "-"):
            out[label] = (None, None)
            continue
        side = None
        match = re.match(r"^(.*?)[\s_\-]+(right|left)$", muscle, re.I) or re.match(r"^(right|left)[\s_\-]+(.*)$", muscle, re.I)
        if match:
            first, second = match.groups()
            if first.lower() in ("right", "left"):
                side, muscle = first.lower(), second
            else:
                side, muscle = second.lower(), first
        out[label] = (resolve_muscle(muscle), side)
    return out


def band_for_rate(rate: float, settings: emg.EnvelopeSettings = emg.DEFAULT_SETTINGS) -> tuple[float, float] | None:
    """Band-pass corners [Hz] usable at a sampling rate, or None when the rate is too low for raw EMG.

    The upper corner is lowered to 95 % of the Nyquist frequency when needed (as :func:`runmuscles.emg.bandpass`
    does); below twice the lower corner no meaningful EMG band is left.

    Examples
    --------
    >>> band_for_rate(2000.0)
    (20.0, 450.0)
    >>> band_for_rate(500.0)
    (20.0, 237.5)
    >>> band_for_rate(60.0) is None
    True
    """
    high = min(settings.band_high_hz, 0.95 * rate / 2)
    if high < 2 * settings.band_low_hz:
        return None
    return settings.band_low_hz, high


#: Thresholds of :func:`assess_signal` (fractions of samples or of signal power).
FLAT_SD = 1e-9
CLIPPED_LEAVE_OUT = 0.01
CLIPPED_WARN = 0.001
MAINS_DOMINATED = 0.5
STEP_LEVELS = 0.8
STEP_EACH = 0.1
SLOW_POWER = 0.9


def assess_signal(x: np.ndarray, rate: float) -> Quality:
    """Classify one channel's signal.

    Parameters
    ----------
    x : numpy.ndarray
        The channel, 1-D [any unit].
    rate : float
        Sampling rate [Hz].

    Returns
    -------
    Quality
        ``raw``, ``rectified`` or ``envelope`` when usable; ``flat``, ``clipped``, ``mains``, ``not_emg``
        or ``rate`` with the reason otherwise.

    Notes
    -----
    In this order: *flat* (no variation); *not EMG, two-level* (80 % of the samples within 5 % of the range from its two extremes, at least 10 % at each: a sync
    pulse or foot switch); *mains* (over half the power within 1 Hz of 50 Hz or 60 Hz and their harmonics);
    *clipped* (1 % of samples at the extreme values; 0.1 % gives a warning); *rectified/envelope*
    (non-negative and skewed to its minimum: rectified when it still has broadband power, envelope when
    90 % of its power lies below 20 Hz); *not EMG, slow* (signed and 90 % of the power below 20 Hz);
    *rate* (raw EMG sampled too slowly for any band above 20 Hz). Everything else is raw EMG.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(0, 5, 0.001)
    >>> assess_signal(np.sin(2 * np.pi * 50 * t), 1000.0).kind
    'mains'
    >>> assess_signal(np.zeros(t.size), 1000.0).kind
    'flat'
    >>> assess_signal(np.random.default_rng(1).normal(size=t.size), 1000.0).kind
    'raw'
    """
    x = np.asarray(x, dtype=np.float64)
    if x.size < 16 or not np.isfinite(x).all():
        bad = int((~np.isfinite(x)).sum())
        return Quality("flat", f"{bad} samples are missing (NaN)" if bad else "too few samples")
    sd = float(x.std())
    lo, hi = float(x.min()), float(x.max())
    span = hi - lo
    if sd <= FLAT_SD * max(1.0, abs(float(x.mean()))) or span == 0:
        return Quality("flat", f"flat: the signal does not vary (range {span:.3g})")
    counts, _ = np.histogram(x, bins=200, range=(lo, hi))
    top = int(counts.max())
    if top / x.size >= 0.99:
        return Quality("flat", f"flat: {100 * top / x.size:.1f} % of samples sit at one value")
    # an on/off signal spends most of its time near its two extreme levels, a good share at each; EMG never does
    low, high = counts[:10].sum() / x.size, counts[-10:].sum() / x.size
    two = low + high
    if two >= STEP_LEVELS and min(low, high) >= STEP_EACH:
        return Quality(
            "not_emg",
            f"not EMG: {100 * two:.0f} % of samples sit at two levels, an on/off signal such as a sync pulse or foot switch",
        )
    nyquist = rate / 2
    freqs, power = _spectrum(x, rate)
    keep = freqs >= 1.0
    freqs, power = freqs[keep], power[keep]
    total = float(power.sum())
    if total <= 0:
        return Quality("flat", "flat: no power above 1 Hz")
    mains = 0.0
    for base in (50.0, 60.0):
        near = np.zeros(freqs.size, dtype=bool)
        for k in range(1, 10):
            if base * k < nyquist:
                near |= np.abs(freqs - base * k) <= 1.01
        mains = max(mains, float(power[near].sum()) / total)
    if mains >= MAINS_DOMINATED:
        return Quality(
            "mains",
            f"mains pick-up, not EMG: {100 * mains:.0f} % of the power lies at 50/60 Hz and its harmonics",
        )
    tol = 1e-6 * span
    # a signed signal clips at both ends; a never-negative one (rectified, envelope) may rest at its floor
    at_edges = float((x >= hi - tol).mean()) + (float((x <= lo + tol).mean()) if lo < -0.02 * span else 0.0)
    warning = ""
    if at_edges >= CLIPPED_LEAVE_OUT:
        return Quality("clipped", f"clipped: {100 * at_edges:.1f} % of samples sit at the extreme values {lo:.3g} / {hi:.3g}")
    if at_edges >= CLIPPED_WARN:
        warning = f"{100 * at_edges:.2f} % of samples sit at the extreme values (partly clipped)"
    slow = float(power[freqs < 20.0].sum()) / total
    nonneg = lo >= -0.02 * span
    median = float(np.median(x[:: max(1, x.size // 100_000)]))
    skewed = (median - lo) <= 0.25 * span
    if nonneg and skewed and slow >= SLOW_POWER:
        return Quality(
            "envelope",
            f"already an envelope: never negative and {100 * slow:.0f} % of its power below 20 Hz; only the 10 Hz "
            "low-pass is applied",
            warning,
        )
    if nonneg and skewed and median - lo <= 0.1 * span:
        return Quality(
            "rectified",
            "already rectified: never negative and skewed to zero; band-pass and rectification are skipped",
            warning,
        )
    if slow >= SLOW_POWER:
        return Quality("not_emg", f"not EMG: {100 * slow:.0f} % of its power lies below 20 Hz (a slow signal)")
    if band_for_rate(rate) is None:
        return Quality("rate", f"sampled at {rate:g} Hz: too slow for raw EMG (no band above 20 Hz below Nyquist)")
    return Quality("raw", "raw EMG", warning)


#: Most segments averaged into a channel's power spectrum (spread evenly over the recording).
MAX_SEGMENTS = 128


def _spectrum(x: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Welch power spectrum with about 1 Hz resolution from at most :data:`MAX_SEGMENTS` Hann-windowed segments.

    Long recordings are summarised by segments spread evenly over them, which keeps the check fast
    whatever the length; short ones use every half-overlapping segment, as :func:`scipy.signal.welch` does.
    """
    nperseg = int(min(x.size, 2 ** int(np.ceil(np.log2(rate)))))
    step = nperseg // 2 or 1
    starts = np.arange(0, x.size - nperseg + 1, step)
    if starts.size > MAX_SEGMENTS:
        starts = starts[np.linspace(0, starts.size - 1, MAX_SEGMENTS).astype(int)]
    window = signal.get_window("hann", nperseg)
    segments = np.stack([x[a : a + nperseg] for a in starts])
    segments = (segments - segments.mean(axis=1, keepdims=True)) * window
    power = (np.abs(np.fft.rfft(segments, axis=1)) ** 2).mean(axis=0)
    return np.fft.rfftfreq(nperseg, 1 / rate), power


def is_candidate(label: str, unit: str, description: str, reserved: bool) -> tuple[bool, str]:
    """Whether a channel could carry EMG, from its file metadata alone (and the reason when not).

    Examples
    --------
    >>> is_candidate("Force.Fz1", "", "", False)
    (False, 'force or moment channel')
    >>> is_candidate("Voltage.RTA", "V", "", False)
    (True, '')
    """
    if reserved:
        return False, "force plate channel (FORCE_PLATFORM:CHANNEL)"
    unit_key = unit.strip().lower().replace(" ", "")
    if unit_key in ("n", "nm", "nmm", "n.mm", "n.m", "kn", "deg", "°", "mm", "m", "rad", "g", "m/s^2", "m/s2"):
        return False, f"unit {unit!r} is not a voltage"
    stripped = _PREFIX.sub("", label.strip())
    if _FORCE_LABEL.search(label) or _FORCE_LABEL.search(stripped):
        return False, "force or moment channel"
    if _NOT_EMG.match(stripped) or _NOT_EMG.match(label.strip()):
        if re.search(r"switch|footsw|contact", label, re.I):
            return False, "foot switch channel"
        if re.match(r"^pin \d+$", stripped, re.I):
            return True, ""
        return False, "trigger, sync or force channel"
    return True, ""
