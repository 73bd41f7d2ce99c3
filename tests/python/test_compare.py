"""compare(): medians, relative change and the better direction."""

import memfrag
from conftest import PLUGINS, WORKLOAD


def test_a_document_compared_with_itself_has_not_moved(results: memfrag.Results) -> None:
    table = memfrag.compare(results, results)
    assert set(table["plugin"]) == set(PLUGINS)
    assert {"success_rate", "fragmentation_failures", "wall_time_ms"} <= set(table["metric"])
    assert (table["old"].fillna(0) == table["new"].fillna(0)).all()
    assert not table["better"].any() and not table["worse"].any()


def test_better_and_worse_follow_the_direction(results: memfrag.Results) -> None:
    longer = memfrag.run(
        plugins=PLUGINS, workloads=[WORKLOAD], seed=7, params={"workload.ops": 60_000},
        progress=False,
    )
    table = memfrag.compare(results, longer, tolerance=0.01)
    higher = table["better_when"] == "higher"
    increased = table["new"] > table["old"]
    assert (table.loc[table["better"], "new"] != table.loc[table["better"], "old"]).all()
    assert (table["better"] <= (increased == higher)).all()
    assert (table["worse"] <= (increased != higher)).all()
    assert not (table["better"] & table["worse"]).any()
    assert set(table["better_when"]) == {"higher", "lower"}
