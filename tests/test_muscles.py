"""Tests of the muscle catalogue (runmuscles.muscles and runmuscles/data/muscles.json)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from runmuscles import muscles as mc

# Muscles that the product's running EMG sources record (right leg). Other parts of the product
# depend on these ids.
RUNNING_EMG_IDS = {
    "soleus",
    "gastrocnemius_medialis",
    "gastrocnemius_lateralis",
    "tibialis_anterior",
    "semitendinosus",
    "medial_hamstrings",
    "biceps_femoris",
    "vastus_lateralis",
    "vastus_medialis",
    "rectus_femoris",
    "gluteus_maximus",
    "gluteus_medius",
    "tensor_fasciae_latae",
    "peroneus_longus",
}
# Muscles the source articles name; every one must be in the catalogue under this id.
ARTICLE_IDS = RUNNING_EMG_IDS | {
    "vastus_intermedius",
    "semimembranosus",
    "psoas_major",
    "iliacus",
    "gluteus_minimus",
    "abductor_hallucis",
    "flexor_digitorum_brevis",
    "rectus_abdominis",
    "external_oblique",
    "internal_oblique",
    "transversus_abdominis",
    "erector_spinae",
    "multifidus",
    "latissimus_dorsi",
    "anterior_deltoid",
    "posterior_deltoid",
    "biceps_brachii",
    "triceps_brachii",
    "pectoralis_major",
    "trapezius",
}
# Exercises the source articles recommend, by id.
ARTICLE_EXERCISES = {
    "squat", "lunge", "hip_thrust", "deadlift", "calf_raise", "pogo_jump", "drop_jump", "plank",
    "side_plank", "russian_twist", "push_up", "bent_over_row", "monster_walk", "hill_running",
    "interval_running", "barefoot_walking",
}
MUSCLE_FIELDS = {
    "id", "name", "common_names", "group", "region", "location", "actions", "joints", "roles", "literature",
    "exercises", "injuries",
}
REGIONS = {"hip", "thigh", "shank", "foot", "trunk", "shoulder", "arm"}
CONFIDENCE = {"low", "medium", "high"}
PLACEHOLDERS = {"", "-", "—", "–", "?", "n/a", "na", "tbd", "todo", "none", "..."}
SNAKE = re.compile(r"^[a-z]+(_[a-z]+)*$")
QUADRICEPS = ["rectus_femoris", "vastus_lateralis", "vastus_medialis", "vastus_intermedius"]
HAMSTRINGS = {"biceps_femoris", "semitendinosus", "semimembranosus", "medial_hamstrings"}
CALVES = {"gastrocnemius_medialis", "gastrocnemius_lateralis", "soleus"}
GASTROCNEMIUS_HEADS = {"gastrocnemius_medialis", "gastrocnemius_lateralis"}
HIP_FLEXORS_MIN = {"psoas_major", "iliacus"}
GLUTES = {"gluteus_maximus", "gluteus_medius", "gluteus_minimus"}
ABDOMINALS = {"rectus_abdominis", "external_oblique", "internal_oblique", "transversus_abdominis"}


@pytest.fixture(scope="module")
def catalogue() -> dict:
    """The parsed catalogue file."""
    return mc.load_catalogue()


@pytest.fixture(scope="module")
def muscle_list(catalogue) -> list[dict]:
    """The catalogue's list of muscle records."""
    return catalogue["muscles"]


def _coverage(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A coverage table in the shape of runmuscles.activation.coverage()."""
    columns = ["muscle", "gait", "source", "evidence", "n_people", "n_strides"]
    return pd.DataFrame([(m, g, s, e, 1, 5) for m, g, s, e in rows], columns=columns)


# --------------------------------------------------------------------------- schema


def test_schema_version_and_top_level_keys(catalogue):
    assert catalogue["schema_version"] == 1
    assert {"muscles", "groups", "group_aliases", "exercises", "references"} <= set(catalogue)


def test_every_muscle_has_every_field(muscle_list):
    for m in muscle_list:
        assert MUSCLE_FIELDS <= set(m), (m.get("id"), MUSCLE_FIELDS - set(m))
        assert isinstance(m["common_names"], list) and isinstance(m["actions"], list) and m["actions"]
        assert isinstance(m["location"], str) and len(m["location"]) > 20, m["id"]
        assert m["region"] in REGIONS, m["id"]


def test_ids_unique_snake_case_and_enough(muscle_list):
    ids = [m["id"] for m in muscle_list]
    assert len(ids) >= 30
    assert len(ids) == len(set(ids))
    assert all(SNAKE.match(i) for i in ids), [i for i in ids if not SNAKE.match(i)]


def test_every_article_muscle_is_present(muscle_list):
    ids = {m["id"] for m in muscle_list}
    assert ARTICLE_IDS <= ids, ARTICLE_IDS - ids


def test_roles_cover_every_phase_without_placeholders(muscle_list):
    # A muscle with running EMG may leave a phase empty (it does nothing there; the activity word is
    # computed from the data, and tests/test_activity.py checks that an empty phase is a quiet one).
    for m in muscle_list:
        assert set(m["roles"]) == set(mc.PHASES), m["id"]
        for phase, text in m["roles"].items():
            if m["id"] in RUNNING_EMG_IDS and text == "":
                continue
            assert text.strip().lower() not in PLACEHOLDERS, (m["id"], phase, text)


def test_joints_crossed_are_listed_for_every_muscle(muscle_list, catalogue):
    joints = {m["id"]: m["joints"] for m in muscle_list}
    assert all(isinstance(j, list) for j in joints.values())
    # anatomy: every quadriceps head crosses the knee; only rectus femoris arises from the pelvis
    assert all("knee" in joints[q] for q in QUADRICEPS)
    assert [q for q in QUADRICEPS if "hip" in joints[q]] == ["rectus_femoris"]
    assert all({"hip", "knee"} <= set(joints[h]) for h in HAMSTRINGS)
    assert "betts2022" in catalogue["references"]


def test_labels_are_not_shared_between_muscles_or_with_groups(muscle_list, catalogue):
    seen: dict[str, str] = {}
    for m in muscle_list:
        for label in [m["id"], m["name"], *m["common_names"]]:
            key = mc._norm(label)
            assert seen.setdefault(key, m["id"]) == m["id"], f"{label!r} names two muscles"
    group_keys = {mc._norm(g) for g in catalogue["groups"]} | {mc._norm(a) for a in catalogue["group_aliases"]}
    assert not set(seen) & group_keys, set(seen) & group_keys


def test_groups_and_aliases_resolve(muscle_list, catalogue):
    ids = {m["id"] for m in muscle_list}
    for gid, members in catalogue["groups"].items():
        assert SNAKE.match(gid), gid
        assert members and set(members) <= ids, (gid, set(members) - ids)
        assert len(members) == len(set(members)), gid
    for alias, gid in catalogue["group_aliases"].items():
        assert gid in catalogue["groups"], alias
    for m in muscle_list:
        assert m["id"] in catalogue["groups"][m["group"]], m["id"]


def test_exercises_resolve_both_ways(muscle_list, catalogue):
    ids = {m["id"] for m in muscle_list}
    ex_ids = [e["id"] for e in catalogue["exercises"]]
    assert len(ex_ids) == len(set(ex_ids))
    assert ARTICLE_EXERCISES <= set(ex_ids), ARTICLE_EXERCISES - set(ex_ids)
    for e in catalogue["exercises"]:
        assert {"name", "variants", "muscles", "sets_reps", "frequency", "notes"} <= set(e), e["id"]
        assert e["muscles"] and set(e["muscles"]) <= ids, (e["id"], set(e["muscles"]) - ids)
    for m in muscle_list:
        listed = {e["id"] for e in catalogue["exercises"] if m["id"] in e["muscles"]}
        assert set(m["exercises"]) == listed, m["id"]


def test_article_variants_are_named(catalogue):
    variants = {v.lower() for e in catalogue["exercises"] for v in e["variants"]}
    for wanted in ["air squat", "bulgarian split squat", "forward lunge", "weighted step-up", "romanian deadlift",
                   "single-leg deadlift", "side plank with clamshell", "hip bridge"]:
        assert wanted in variants, wanted


def test_literature_windows_are_valid_and_cited(muscle_list, catalogue):
    refs = catalogue["references"]
    for m in muscle_list:
        for entry in m["literature"]:
            assert entry["gait"] in {"run", "walk"}, m["id"]
            assert entry["confidence"] in CONFIDENCE, m["id"]
            assert entry["reference"] in refs, (m["id"], entry["reference"])
            assert len(entry["description"]) > 20, m["id"]
            assert entry["windows"], m["id"]
            for start, end in entry["windows"]:
                assert 0 <= start < end <= 100, (m["id"], start, end)


def test_references_have_bibliographic_fields(catalogue):
    for key, r in catalogue["references"].items():
        assert {"authors", "year", "title", "journal"} <= set(r), key
        assert isinstance(r["year"], int) and 1900 < r["year"] < 2100, key
        if "doi" in r:
            assert r["doi"].startswith("10."), key


def test_measured_muscles_have_no_hand_typed_evidence(muscle_list):
    # Evidence is derived from the activation tables; a typed field would drift.
    for m in muscle_list:
        assert "evidence" not in m and "datasets" not in m, m["id"]


def test_roles_of_unmeasured_muscles_say_how_they_are_known(muscle_list):
    # Measured muscles' activity words are computed (tests/test_activity.py checks their texts
    # against the curves); the others must say that their role is inferred, reported or unknown.
    for m in muscle_list:
        if m["id"] in RUNNING_EMG_IDS:
            continue
        for phase, text in m["roles"].items():
            assert re.search(r"not established|inferred|reported", text), (m["id"], phase, text)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name, expected",
    [
        ("gluteus_maximus", "gluteus_maximus"),
        ("Gastrocnemius medialis", "gastrocnemius_medialis"),
        ("  GASTROCNEMIUS-MEDIALIS ", "gastrocnemius_medialis"),
        ("glute max", "gluteus_maximus"),
        ("TFL", "tensor_fasciae_latae"),
        ("fibularis longus", "peroneus_longus"),
        ("lats", "latissimus_dorsi"),
        ("psoas", "psoas_major"),
        ("front delt", "anterior_deltoid"),
        ("six-pack", "rectus_abdominis"),
    ],
)
def test_resolve_muscle(name, expected):
    assert mc.resolve_muscle(name) == expected


def test_unknown_muscle_lists_valid_ids_and_suggests():
    with pytest.raises(ValueError) as err:
        mc.resolve_muscle("solues")
    message = str(err.value)
    assert "'soleus'" in message.split("Valid ids")[0]
    for mid in ["soleus", "trapezius", "gluteus_minimus"]:
        assert mid in message


@pytest.mark.parametrize("group_word", ["quads", "calves", "twins", "hamstrings", "core"])
def test_group_words_are_not_single_muscles(group_word):
    with pytest.raises(ValueError, match="resolve_group"):
        mc.resolve_muscle(group_word)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("quads", set(QUADRICEPS)),
        ("Quadriceps", set(QUADRICEPS)),
        ("hamstrings", HAMSTRINGS),
        ("calves", CALVES),
        ("calf", CALVES),
        ("twins", GASTROCNEMIUS_HEADS),
        ("glutes", GLUTES),
        ("abs", ABDOMINALS),
    ],
)
def test_resolve_group(name, expected):
    assert set(mc.resolve_group(name)) == expected


def test_hip_flexors_and_core_contents():
    assert HIP_FLEXORS_MIN <= set(mc.resolve_group("hip flexors"))
    core = set(mc.resolve_group("core"))
    assert ABDOMINALS <= core and {"erector_spinae", "multifidus"} <= core


def test_unknown_group_lists_valid_groups():
    with pytest.raises(ValueError) as err:
        mc.resolve_group("wings")
    assert "quadriceps" in str(err.value) and "calves" in str(err.value)


def test_search_muscles():
    assert mc.search_muscles("quads") == QUADRICEPS
    assert mc.search_muscles("soleus") == ["soleus"]
    assert set(mc.search_muscles("glut")) == GLUTES
    assert set(mc.search_muscles("oblique")) == {"external_oblique", "internal_oblique"}
    assert mc.search_muscles("zzzz") == []
    assert len(mc.search_muscles("")) == len(mc.load_catalogue()["muscles"])


# --------------------------------------------------------------------------- evidence


def test_evidence_levels_constant():
    assert mc.EVIDENCE_LEVELS == ("measured", "reconstructed", "literature", "not established")


def test_evidence_derivation_reaches_all_four_levels():
    cov = _coverage(
        [
            ("soleus", "run", "lab_a", "measured"),
            ("soleus", "run", "lab_b", "reconstructed"),
            ("soleus", "walk", "lab_c", "measured"),
            ("gluteus_medius", "run", "lab_b", "reconstructed"),
            ("iliacus", "walk", "lab_c", "measured"),  # walking only: must not count for running
        ]
    )
    ev = mc.evidence_table(cov)
    assert ev.loc["soleus", "evidence"] == "measured"
    assert ev.loc["soleus", "datasets"] == ["lab_a", "lab_b"]
    assert ev.loc["gluteus_medius", "evidence"] == "reconstructed"
    assert ev.loc["iliacus", "evidence"] == "not established"
    assert ev.loc["iliacus", "datasets"] == []
    assert ev.loc["transversus_abdominis", "evidence"] == "literature"
    assert set(ev["evidence"]) == set(mc.EVIDENCE_LEVELS)


def test_literature_level_needs_a_running_entry(muscle_list):
    ev = mc.evidence_table(_coverage([]))
    for m in muscle_list:
        has_run = any(e["gait"] == "run" for e in m["literature"])
        assert (ev.loc[m["id"], "evidence"] == "literature") == has_run, m["id"]


def test_measured_beats_literature():
    cov = _coverage([("transversus_abdominis", "run", "lab_x", "measured")])
    assert mc.evidence_table(cov).loc["transversus_abdominis", "evidence"] == "measured"


def test_coverage_without_required_columns_is_rejected():
    with pytest.raises(ValueError, match="evidence"):
        mc.evidence_table(pd.DataFrame({"muscle": ["soleus"], "gait": ["run"], "source": ["a"]}))


def test_load_muscles_with_coverage_has_all_columns():
    cov = _coverage([("vastus_lateralis", "run", "lab_a", "measured")])
    df = mc.load_muscles(cov)
    expected = {"name", "common_names", "group", "region", "location", "actions", "roles", "literature",
                "exercises", "injuries", "evidence", "datasets"}
    assert expected <= set(df.columns)
    assert df.index.name == "id" and df.index.is_unique
    assert df.loc["vastus_lateralis", "evidence"] == "measured"
    assert mc.get_muscle("outer quad", cov)["name"] == "Vastus lateralis"


def test_load_muscles_uses_activation_coverage_by_default(monkeypatch):
    fake = _coverage([("psoas_major", "run", "fake_source", "reconstructed")])
    monkeypatch.setattr(mc, "_coverage_from_activation", lambda: fake)
    mc._default_muscles.cache_clear()
    try:
        df = mc.load_muscles()
        assert df.loc["psoas_major", "evidence"] == "reconstructed"
        assert df.loc["psoas_major", "datasets"] == ["fake_source"]
    finally:
        mc._default_muscles.cache_clear()


def test_real_coverage_marks_only_running_emg_muscles_measured():
    activation = pytest.importorskip("runmuscles.activation")
    if not hasattr(activation, "coverage"):
        pytest.skip("runmuscles.activation.coverage is not available")
    cov = activation.coverage()
    ids = {m["id"] for m in mc.load_catalogue()["muscles"]}
    assert set(cov["muscle"]) <= ids, set(cov["muscle"]) - ids
    mc._default_muscles.cache_clear()
    df = mc.load_muscles()
    measured = set(df.index[df["evidence"] == "measured"])
    assert measured <= RUNNING_EMG_IDS, measured - RUNNING_EMG_IDS
    assert {"soleus", "tibialis_anterior"} <= measured
    for upper in ["biceps_brachii", "anterior_deltoid", "psoas_major", "rectus_abdominis"]:
        assert df.loc[upper, "evidence"] != "measured", upper


# --------------------------------------------------------------------------- exercises, references


def test_exercises_for_muscle_and_group():
    assert {"calf_raise", "pogo_jump"} <= set(mc.exercises_for("soleus").index)
    assert "squat" not in mc.exercises_for("soleus").index
    assert "toe_raise" in mc.exercises_for("shin muscle").index
    calves = mc.exercises_for("calves")
    assert "calf_raise" in calves.index and "push_up" not in calves.index
    with pytest.raises(ValueError):
        mc.exercises_for("nonexistent muscle")


def test_load_exercises_frame():
    ex = mc.load_exercises()
    assert ex.index.name == "id"
    assert "8–12" in ex.loc["squat", "sets_reps"]
    assert "Bulgarian split squat" in ex.loc["squat", "variants"]


def test_format_reference():
    text = mc.format_reference("saunders2005")
    assert text.startswith("Saunders SW, Schache A, Rath D, Hodges PW (2005). Changes in three dimensional")
    assert "Clinical Biomechanics 20(8):784–793" in text
    assert text.endswith("doi:10.1016/j.clinbiomech.2005.04.004")
    with pytest.raises(ValueError, match="saunders2005"):
        mc.format_reference("nobody1900")


def test_returned_objects_do_not_share_state():
    cat = mc.load_catalogue()
    cat["muscles"].clear()
    assert mc.load_catalogue()["muscles"]
    refs = mc.load_references()
    refs.clear()
    assert mc.load_references()


def test_medial_hamstring_electrode_is_named_for_what_it_records():
    """The runner's 'semitenr' electrode picks up semitendinosus and semimembranosus together."""
    import runmuscles

    channels = runmuscles.source_info("rajagopal2016", "run")["channels"]
    assert channels["semitenr"] == "medial_hamstrings"
    assert "semitendinosus" not in runmuscles.load_activation("run", "rajagopal2016").columns
    cat = {m["id"]: m for m in mc.load_catalogue()["muscles"]}
    assert set(cat["medial_hamstrings"]["members"]) == {"semitendinosus", "semimembranosus"}


def test_semimembranosus_gets_the_evidence_it_really_has():
    """Not measured on its own anywhere; the note names the shared electrode and the data set."""
    import runmuscles

    mc._default_muscles.cache_clear()
    table = mc.load_muscles()
    row = table.loc["semimembranosus"]
    assert "semimembranosus" not in set(runmuscles.coverage()["muscle"])
    assert row["evidence"] != "measured"
    assert row["recorded_with"] == ["medial_hamstrings"]
    assert "rajagopal2016" in row["evidence_note"] and "semitendinosus" in row["evidence_note"]
    # semitendinosus is measured on its own only where a data set has it under its own name
    assert table.loc["semitendinosus", "datasets"] == sorted(
        set(runmuscles.coverage().query("muscle == 'semitendinosus' and gait == 'run'")["source"]))
