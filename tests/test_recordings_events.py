"""Foot strikes and toe-offs from file events, force plates (any vertical axis, type 2 and 4) and markers."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from runmuscles.recordings import FootEvents, find_events, read_recording
from runmuscles.recordings.events import (
    file_events,
    marker_events,
    plate_events,
    plate_vertical_forces,
    vertical_axis,
)

HERE = Path(__file__).parent / "data" / "recordings"
TYPE2 = HERE / "motion-analysis_walk_c3dorg-sample10_type2.c3d"
TYPE4 = HERE / "motion-analysis_walk_c3dorg-sample10_type4.c3d"
TREADMILL = HERE / "vicon-nexus_treadmill-walk_no-emg_gaitalytics.c3d"
WALK = HERE / "vicon-nexus_walk_gaitalytics.c3d"


def _nearest_gaps(found: np.ndarray, reference: np.ndarray) -> np.ndarray:
    return np.array([np.min(np.abs(reference - x)) for x in found])


def test_type2_and_type4_plates_give_the_same_forces():
    """The same trial stored with type-2 (calibrated channels) and type-4 (calibration matrix) plates."""
    a, b = plate_vertical_forces(read_recording(TYPE2)), plate_vertical_forces(read_recording(TYPE4))
    assert [n for n, _ in a] == [n for n, _ in b] == [1, 2]
    for (_, fa), (_, fb) in zip(a, b):
        assert fa.max() > 400  # a person's weight, in N
        assert np.abs(fa - fb).max() < 0.005 * fa.max()


def test_vertical_axis_whatever_the_lab_convention():
    rec = read_recording(WALK)
    assert vertical_axis(rec.plates) == (2, 1.0)
    turned = copy.deepcopy(rec)
    for plate in turned.plates:  # a Y-down lab: vertical force on -Y
        plate.force = np.stack([plate.force[0], -plate.force[2], plate.force[1]])
        plate.cop = np.stack([plate.cop[0], -plate.cop[2], plate.cop[1]])
    for side in turned.markers:
        m = turned.markers[side]
        turned.markers[side] = np.stack([m[0], -m[2], m[1]])
    assert vertical_axis(turned.plates) == (1, -1.0)
    original, rotated = plate_events(rec)[0], plate_events(turned)[0]
    for side in ("right", "left"):
        np.testing.assert_allclose(original[side].strikes, rotated[side].strikes)


def test_file_events_with_their_time_origin():
    rec = read_recording(WALK)
    events, note = file_events(rec)
    # the right-foot strikes stored in the file's EVENT group
    assert events["right"].strikes == pytest.approx([2.89, 3.98, 5.01], abs=1e-4)
    assert "shifted" not in note
    counted_from_first_frame = copy.deepcopy(rec)
    counted_from_first_frame.events = [type(e)(e.label, e.context, e.time - rec.t0) for e in rec.events]
    shifted, note = file_events(counted_from_first_frame)
    assert "shifted by 2.480 s" in note
    np.testing.assert_allclose(shifted["right"].strikes, events["right"].strikes, atol=1e-9)


def test_plates_agree_with_the_file_events():
    """Two independent sources: contacts detected on the plates and the events the lab stored."""
    for path in (WALK, TREADMILL):
        rec = read_recording(path)
        stored, plates = file_events(rec)[0], plate_events(rec)[0]
        for side in ("right", "left"):
            gaps = _nearest_gaps(plates[side].strikes, stored[side].strikes)
            assert len(gaps) >= 1 and np.median(gaps) < 0.03, (path.name, side, gaps)


def test_markers_agree_with_the_file_events():
    """Zeni et al. (2008) from heel, toe and pelvis markers, against the treadmill trial's 20 stored strides."""
    rec = read_recording(TREADMILL)
    stored, zeni = file_events(rec)[0], marker_events(rec)[0]
    for side in ("right", "left"):
        strikes = _nearest_gaps(zeni[side].strikes, stored[side].strikes)
        offs = _nearest_gaps(zeni[side].offs, stored[side].offs)
        assert len(strikes) >= 9 and np.median(strikes) < 0.06 and np.median(offs) < 0.06


def test_markers_with_gaps_give_strides_only_between_gaps():
    rec = read_recording(TYPE2)
    zeni = marker_events(rec)[0]["right"]
    assert zeni.breaks, "this trial's markers have gaps"
    pairs = zeni.pairs()
    assert pairs and all(not (lo < b and hi > a) for a, b in pairs for lo, hi in zeni.breaks)


def test_sources_in_order():
    search = find_events(read_recording(WALK))
    assert list(search.found) == ["file events", "force plates", "markers (Zeni et al. 2008)"]
    chosen, _ = search.choose("right", (2.48, 5.85))
    assert chosen.source == "file events"
    typed = find_events(read_recording(WALK), contacts={"right": ([3.0, 4.1], [3.6])})
    assert typed.choose("right", (2.48, 5.85))[0].source == "typed-in times"


def test_nothing_to_find():
    search = find_events(read_recording(HERE / "bts-elite_emg-only_no-events_btk.c3d"))
    assert not search.found
    assert search.notes == {
        "file events": "the file has no events",
        "contact columns": "no contact or foot-switch column with a side and on/off changes",
        "force plates": "the file has no force plates",
        "markers (Zeni et al. 2008)": "the file has no markers",
    }


def test_plate_strides_need_the_other_foot_between():
    right = FootEvents("right", np.array([1.0, 2.0, 3.0]), np.array([1.6, 2.6]), "force plates", needs_alternation=True)
    left = FootEvents("left", np.array([1.5]), np.array([1.1]), "force plates")
    assert right.pairs(left) == [(1.0, 2.0)]  # no left strike seen in 2-3 s: a step may be missing
